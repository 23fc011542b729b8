"""The stories of the two built-in demo news sites (``newsearch demo``).

Written for the demo: nothing here is real news. Each story is published a few
days before the day the demo runs (``days_ago`` and ``hour``, UTC), so date
filters such as ``--since 7d`` work on the demo home.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    slug: str
    section: str
    title: str
    author: str
    days_ago: int
    hour: int
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...] = ()


IRAQ_RETURNS = (
    "The government has reached an agreement with Baghdad under which Iraq will take back its "
    "citizens whose asylum claims have been rejected, ministers said on Tuesday, ending two years "
    "of talks that had stalled over travel documents.",
    "Under the deal, Iraqi officials will confirm the identity of returnees within 30 days of a "
    "request, and charter flights will land in Baghdad and Erbil. About 4,000 Iraqi nationals "
    "with no right to remain are currently awaiting removal, according to Home Office figures.",
    "The home secretary said the agreement would make returns \"faster and fairer\", and that "
    "people who chose to go back voluntarily would receive help with resettlement, including a "
    "grant of up to £3,000 and a year of support from a charity in Erbil.",
    "Refugee groups were more cautious. \"Returns must be safe and dignified, and nobody should be "
    "sent back to a place where they face persecution,\" said a spokeswoman for the Refugee Council, "
    "who asked how appeals still in the courts would be treated.",
    "Officials in Baghdad said the returns would be phased over eighteen months and would include "
    "a reintegration programme run with the International Organization for Migration.",
)

RIVERSIDE = (
    Story(
        "iraq-agrees-returns-deal-for-rejected-asylum-seekers", "politics",
        "Iraq agrees returns deal for rejected asylum seekers", "Amira Haddad", 2, 9,
        IRAQ_RETURNS, ("immigration", "Iraq", "Home Office"),
    ),
    Story(
        "millions-yet-to-file-tax-returns-as-deadline-nears", "business",
        "Millions yet to file tax returns as deadline nears", "Tom Okafor", 3, 7,
        (
            "More than five million people have yet to file their self-assessment tax returns, "
            "with less than a month to go before the deadline, the tax office said.",
            "Those who miss it face an immediate £100 penalty, rising the longer a return is late. "
            "Accountants said the most common mistakes were forgotten savings interest and "
            "untaxed income from online selling.",
            "The tax office urged people to register early for an online account, which can take "
            "up to ten days to activate, and warned of scam emails promising refunds.",
        ),
        ("tax", "personal finance"),
    ),
    Story(
        "flood-defences-hold-as-river-reaches-record-height", "environment",
        "Flood defences hold as river reaches record height", "Claire Booth", 1, 18,
        (
            "The new flood barrier on the riverside held overnight as the river rose to its highest "
            "level since records began, sparing more than 600 homes in the lower town.",
            "Engineers opened the barrier's sluice gates at dawn. The Environment Agency said two "
            "flood warnings remained in force upstream, where fields were under water.",
            "Residents who were flooded in 2019 said the night had been tense. \"We had the sandbags "
            "ready, but the water never came over,\" said one shopkeeper on Quay Street.",
        ),
        ("flooding", "weather"),
    ),
    Story(
        "ferry-workers-vote-to-strike-over-pay", "business",
        "Ferry workers vote to strike over pay", "Tom Okafor", 5, 12,
        (
            "Crews on the harbour ferries have voted to strike for three days next month after "
            "rejecting a pay offer of 3 per cent, their union said.",
            "The ferry company said it was disappointed and would keep talking. Commuters were told "
            "to expect a reduced timetable and queues at the bus station.",
            "The union said crews had not had a rise above inflation for four years, while fares had "
            "gone up twice. Talks at the conciliation service are due to resume on Monday, and both "
            "sides said they hoped the strike could still be called off before the first sailing.",
        ),
        ("strikes", "transport"),
    ),
    Story(
        "iraq-keep-world-cup-hopes-alive-with-late-winner", "sport",
        "Iraq keep World Cup hopes alive with late winner", "Sam Whitlock", 4, 21,
        (
            "A stoppage-time header kept Iraq's World Cup qualifying hopes alive on Thursday, as they "
            "came from behind to beat Oman 2-1 in Basra.",
            "The winning goal came from a corner in the 94th minute. The coach said his players had "
            "\"never stopped believing\" and that the crowd had carried them.",
            "Iraq return to action next week away to Jordan, needing another win to reach the "
            "play-offs.",
        ),
        ("football", "World Cup"),
    ),
    Story(
        "library-reopens-after-two-year-restoration", "arts",
        "Town library reopens after two-year restoration", "Claire Booth", 8, 10,
        (
            "The Victorian library on Market Square reopened on Saturday after a two-year restoration "
            "that uncovered a painted ceiling hidden under layers of plaster.",
            "Queues stretched round the building. The library now has a children's floor, a local "
            "history room and longer opening hours at weekends.",
            "The restoration cost £4.2 million, most of it from a heritage grant. Volunteers spent "
            "months cataloguing 30,000 books that had been stored in a warehouse, and a reading group "
            "that met in the old building for forty years held its first meeting back under the new "
            "ceiling on Saturday afternoon.",
        ),
        ("libraries", "heritage"),
    ),
)

NORTHGATE = (
    Story(
        "iraq-to-take-back-rejected-asylum-seekers-under-deal", "news",
        "Iraq to take back rejected asylum seekers under deal", "Wire staff", 2, 13,
        IRAQ_RETURNS + (
            "The agreement still needs the approval of Iraq's parliament, which is expected to vote "
            "on it before the end of the year.",
        ),
        ("immigration", "Iraq"),
    ),
    Story(
        "new-bus-routes-link-villages-to-hospital", "news",
        "New bus routes link villages to hospital", "Priya Nair", 3, 8,
        (
            "Three new bus routes will connect villages north of the town to the general hospital from "
            "January, after years of complaints from patients without a car.",
            "The county council is paying for the routes for two years. Buses will run every hour "
            "from seven in the morning until eight at night.",
            "Patients' groups welcomed the plan but said the service had to last longer than two years "
            "to be worth relying on. The council said it would count passengers and decide next "
            "autumn whether to keep the routes, and asked residents to tell it which stops they need.",
        ),
        ("transport", "health"),
    ),
    Story(
        "school-wins-national-science-prize", "news",
        "Northgate school wins national science prize", "Priya Nair", 6, 15,
        (
            "Pupils at Northgate Academy have won a national science prize for a project measuring "
            "air pollution outside the town's primary schools.",
            "Their sensors, built in after-school clubs, found levels highest at the morning drop-off. "
            "The council has agreed to trial closing two streets to traffic at school times.",
            "The team of six, aged twelve to fourteen, will present their findings at a science "
            "festival in London in the spring. Their teacher said the project had started as a "
            "lunchtime experiment with a single sensor borrowed from the university.",
        ),
        ("schools", "science"),
    ),
    Story(
        "returns-policy-row-as-shops-cut-refund-window", "business",
        "Shops cut refund window in returns policy row", "Dan Mercer", 7, 11,
        (
            "Several chains on the high street have shortened the time shoppers have to return "
            "unwanted goods, from 28 days to 14, prompting complaints from consumer groups.",
            "Retailers said online returns had grown so fast that they were losing money on them.",
            "Consumer groups said the shorter window was legal but unfair on people who buy gifts "
            "early, and urged shoppers to check the returns policy before paying. Some chains said "
            "they would keep the longer window for goods bought in December.",
        ),
        ("shopping", "consumer rights"),
    ),
)
