"""Fingerprints: copies of a story stay close, different stories far apart."""
from indexer.fingerprint import NEAR, band_keys, distance, probe_keys, simhash

STORY = ("Iraq has agreed to take back its citizens who have no right to remain in the country, under a deal "
         "signed in Baghdad on Monday. Ministers said the agreement would speed up removals and deter dangerous "
         "crossings. Officials will report the numbers to Parliament every quarter, and charities said they "
         "would watch closely how the returns were carried out.")


def test_light_edits_stay_within_near():
    edited = STORY.replace("on Monday", "on Monday evening").replace("Ministers said", "The government said")
    assert distance(simhash(STORY), simhash(edited)) <= NEAR


def test_different_stories_are_far_apart():
    other = ("The council approved plans for a new footbridge over the river, ending years of debate about how "
             "residents on the east bank should reach the station. Work starts in spring and takes a year.")
    assert distance(simhash(STORY), simhash(other)) > NEAR


def test_a_lookup_probes_a_band_of_a_fingerprint_six_bits_away():
    a = simhash(STORY)
    b = a ^ 0b1000001000100100001  # six bits apart
    assert set(probe_keys(a)) & set(band_keys(b))
