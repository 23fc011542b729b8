"""Seed vocabulary of the topic classifier: word stems per IPTC topic, in the languages
news sites write in (en, de, fr, es, it, pt, nl, sv/da/no, ru, uk, tr, id, ja, ko).

These are prior evidence, not the classifier: ``topic_model`` turns each stem into a
per-topic weight, adds what it learned from labelled pages, and scores a page with
all of its words. Written lowercase and without accents (the tokenizer folds them);
a stem of 4+ letters matches every word it begins (``streik`` → ``streiks``,
``streikende``), and one of 5+ also the end of a compound (``warnstreik``).
Shorter stems match whole words only.
"""
from __future__ import annotations

SEED: dict[str, str] = {
    "arts": """
        album albums film films movie movies cinema festival novel novels painting theatre theater concert
        concerts exhibition gallery actor actress director singer singers band orchestra museum poet oscar
        premiere sculpt artist artists opera ballet musician musical song songs rapper hollywood
        netflix series sitcom box-office bestseller literary literature grammy emmy documentary
        kunst kunstler kunstlerin ausstellung roman romane buch bucher schauspieler schauspielerin regisseur
        theater konzert sanger sangerin oper museum literatur schriftsteller schriftstellerin kino filmfest
        buchmesse premiere kultur
        cinema exposition romancier ecrivain chanteur chanteuse spectacle musique litterature realisateur
        pelicula peliculas actriz cantante exposicion escritor novela musica teatro cine
        romanzo scrittore cantante mostra spettacolo attore attrice
        filme livro escritor
        boek schrijver tentoonstelling zanger
        konstnar forfattare utstallning
        фильм фильмы кино актер актриса певец певица музык театр выставк роман писател концерт сериал
        film dizi oyuncu sanatci konser sergi roman yazar sarkici muzik
        seniman pameran musik penyanyi
        映画 俳優 女優 歌手 音楽 ドラマ アニメ 小説 作家 展覧会 公演 アイドル
        영화 배우 가수 음악 드라마 소설 작가 전시 공연 아이돌 예능 방송 출연
        kunstenaar voorstelling muziek zangeres filmfestival konstutstallning filmen musikk forfatter utstilling konsert teatro autor cantora exposicao espetaculo novela
    """,
    "conflict": """
        troops soldiers soldier missile missiles airstrike airstrikes ceasefire militants militant invasion army
        rebels shelling drone drones frontline artillery insurgents warfare military wars offensive
        bombing bombardment hostages hamas hezbollah taliban nato pentagon genocide battlefield warplanes
        krieg kriege kriegs truppen soldaten rakete raketen angriff angriffe waffenruhe armee bundeswehr
        gegenoffensive offensive militar beschuss geiseln nahostkonflikt ukrainekrieg bomben
        waffen waffenlieferung kampfe gefecht
        guerre armee soldats frappes frappe missiles cessez otages militaire bombardement
        guerra ejercito soldados misiles bombardeo ataque militares rehenes
        guerra esercito soldati missili bombardamenti attacco
        oorlog leger soldaten
        krig soldater missil anfall
        войн войска военн ракет обстрел армия армии солдат удар фронт наступлен перемири дрон
        війна війни військ ракет обстріл
        savas asker askeri fuze saldiri ordu cephe ateskes
        perang tentara militer serangan rudal
        戦争 軍事 ミサイル 攻撃 空爆 兵士 部隊 停戦 侵攻
        전쟁 군사 미사일 공격 공습 병사 부대 휴전 침공 북한군
        troepen leger militair soldaten aanval raketten tropper anfall militaer guerre tropas militares ataque soldados exercito invasao misseis
    """,
    "crime": """
        police arrested arrest murder murdered charged court trial sentenced prison jail robbery fraud suspect
        suspects prosecutors prosecutor detectives convicted stabbing stabbed theft homicide shooting gunman
        rape raped abuse killer jury judge lawsuit indicted indictment guilty burglary smuggling trafficking
        blackmail bribery corruption cybercrime phishing scam scammers scandal investigation police's
        polizei festgenommen festnahme mord morder totung gericht prozess urteil verurteilt haft gefangnis
        gefangnisstrafe staatsanwalt staatsanwaltschaft ermittlungen ermittler tater verdachtig razzia
        diebstahl betrug einbruch drogen drogenhandel missbrauch vergewaltigung messer schusse kriminal
        angeklagt anklage justiz
        police arrete interpelle meurtre tribunal proces condamne prison enquete suspect fraude
        policia detenido detenida asesinato tribunal juicio condenado carcel robo fraude sospechoso juez fiscal
        polizia arrestato omicidio tribunale processo condannato carcere furto truffa
        politie gearresteerd moord rechtbank
        polisen polis gripen mord atalas atal domstol misshandel
        полиц арест убийств суд приговор тюрьм задержан мошенн кража расследован уголовн обвин
        polis gozalti tutuklandi tutuklama cinayet mahkeme dava hapis supheli sorusturma dolandiric
        polisi ditangkap pembunuhan pengadilan penjara tersangka
        警察 逮捕 容疑者 殺人 裁判 判決 起訴 詐欺 事件
        경찰 체포 구속 살인 재판 판결 기소 사기 혐의 검찰
        verdachte gearresteerd politie moordenaar rechter veroordeeld celstraf polisen misstankt doms politiet siktet domstol tiltalt policia preso presos assassinato suspeito julgamento condenado roubo
    """,
    "disaster": """
        earthquake earthquakes tsunami wildfire wildfires hurricane evacuated evacuation rescue rescuers
        collapse derailed explosion landslide casualties crash fire blaze firefighters flames plane crash
        disaster disasters victims survivors eruption volcano avalanche shipwreck capsized emergency
        brande grossbrand waldbrand feuer feuerwehr erdbeben waldbrand waldbrande explosion einsturz unfall unglucks
        katastrophe katastrophenschutz evakuiert rettungskrafte opfer flammen absturz uberschwemmung
        incendie seisme explosion effondrement catastrophe victimes pompiers
        incendio incendios terremoto explosion derrumbe catastrofe victimas bomberos evacuados
        incendio terremoto esplosione crollo catastrofe vittime vigili
        brandweer aardbeving ramp
        branden jordbavning olycka
        пожар землетрясен взрыв обрушен катастроф авари спасател жертв эвакуац
        yangin yanginlari deprem patlama enkaz felaket kaza itfaiye tahliye
        kebakaran gempa banjir bencana ledakan korban
        地震 津波 火災 噴火 事故 爆発 避難 被災 災害
        지진 쓰나미 화재 폭발 사고 붕괴 재난 피해 대피 산불
        brandweer overstromingen aardbeving slachtoffers raddningstjansten jordskalv brannvesen incendio sismo desabamento vitimas deslizamento inundacoes
    """,
    "economy": """
        economy economic inflation prices market markets shares investors investor profit profits revenue
        bank banks tax taxes budget interest rates gdp company companies customers retailers refund sales
        stock stocks dow nasdaq earnings billion trillion ceo investment investments dividend merger
        acquisition startup startups tariffs tariff trade exports imports recession growth consumer
        business businesses firm firms industry industrial corporate finance financial fund funds debt
        ipo valuation bitcoin crypto payments payment retail retailer price pricing energy oil
        wirtschaft wirtschaftlich konjunktur inflation preise markt borse aktie aktien anleger gewinn umsatz
        bank banken steuer steuern haushalt zinsen zins leitzins unternehmen konzern firma handel export
        import rezession wachstum verbraucher milliarden millionen investition finanz finanzen dax ezb
        insolvenz pleite schulden immobilien tarif tarife kunden rabatt euro
        economie economique inflation prix marche bourse actions entreprise entreprises banque impots
        croissance ventes milliards
        economia economico inflacion precios mercado bolsa acciones empresa empresas banco impuestos
        crecimiento ventas millones
        economia inflazione prezzi mercato borsa azioni azienda aziende banca tasse crescita
        economie bedrijf bedrijven
        ekonomi foretag marknad
        экономик инфляц цены рынок рынк акци компани банк налог бюджет бизнес рубл доллар миллиард
        ekonomi enflasyon fiyat piyasa borsa sirket banka vergi buyume ihracat dolar
        ekonomi inflasi harga pasar saham perusahaan bank pajak
        経済 株価 市場 企業 銀行 円安 物価 景気 投資
        경제 주가 시장 기업 은행 물가 투자 증시 매출 금리
        economie bedrijven aandelen beurs inflatie ekonomi aktier borsen foretag okonomi aksjer bedrifter economia empresas mercado bolsa inflacao precos
    """,
    "education": """
        school schools pupils teachers teacher students student university universities exam exams curriculum
        classroom tuition college colleges campus graduates graduation degree degrees kindergarten
        headteacher literacy scholarship
        schule schulen schuler lehrer lehrerin studenten studierende universitat hochschule prufung
        unterricht abitur kita bildung studium
        ecole ecoles eleves enseignants professeurs etudiants universite
        escuela escuelas alumnos profesores estudiantes universidad educacion
        scuola scuole studenti insegnanti universita
        school leerlingen leraren
        skola skolan elever larare universitet
        школ учител студент университет образован экзамен
        okul ogrenci ogretmen universite egitim sinav
        sekolah siswa guru mahasiswa universitas pendidikan wisuda
        学校 教育 大学 学生 教師 入試
        학교 교육 대학 학생 교사 입시 수능
        leerlingen docenten universiteit onderwijs elever skolor larare elevene skolen laerere escolas alunos professores universidade ensino
    """,
    "environment": """
        climate emissions carbon pollution biodiversity species conservation renewable warming environmental
        deforestation wildlife plastic recycling ecosystem extinction habitat solar wind-farm fossil
        greenhouse endangered ocean oceans
        klima klimawandel klimaschutz emissionen umwelt umweltschutz artenschutz naturschutz erneuerbare
        plastik co2 atomkraft atomkraftwerk akw
        climat rechauffement environnement biodiversite pollution especes
        clima ambiente contaminacion emisiones biodiversidad especies
        clima ambiente inquinamento emissioni
        milieu klimaat
        klimat miljo
        климат экологи загрязнен выброс
        iklim cevre kirlilik emisyon
        iklim lingkungan polusi
        環境 温暖化 気候 排出
        환경 기후 온난화 탄소 배출 오염
        klimaat uitstoot natuur klimat utslapp miljoet klima utslipp ambiente clima emissoes desmatamento
    """,
    "health": """
        patients patient hospital hospitals doctors doctor nurses nurse disease diseases vaccine vaccines virus
        treatment cancer nhs health medical symptoms outbreak pandemic covid infection infections diabetes
        obesity surgery drug drugs medication therapy diagnosis diagnosed plague epidemic mental dementia
        nutrition calories weight-loss immune syndrome
        patienten patientin krankenhaus klinik arzt arzte arztin pflege krankheit impfung impfstoff virus
        behandlung krebs gesundheit gesundheitswesen symptome medikament medikamente corona infektion
        diabetes adipositas ubergewicht
        patients hopital medecin maladie vaccin sante cancer
        pacientes hospital medico medicos enfermedad vacuna salud cancer sanidad
        pazienti ospedale medici malattia vaccino salute
        ziekenhuis patienten gezondheid
        sjukhus patienter halsa
        больниц врач врачи пациент болезн вакцин здоровь лечен рак вирус медицин
        hastane doktor hasta hastalik saglik kanser virus
        sakit dokter pasien penyakit vaksin kesehatan
        病院 医師 患者 感染 ワクチン 治療 健康 医療
        병원 의사 환자 감염 백신 치료 건강 의료 질병
        ziekenhuis patienten artsen ziekte vaccin sjukhus patienter lakare sjukdom sykehus pasienter leger sykdom hospital pacientes medicos doenca vacina saude
    """,
    "human-interest": """
        grandmother birthday dog dogs cat cats celebrates centenarian heartwarming viral royal royals prince
        princess duchess meghan girlfriend boyfriend wedding married divorce pregnant baby
        hund katze geburtstag hochzeit prinz prinzessin royals
        chien chat anniversaire mariage
        perro gato cumpleanos boda
        принц принцесс свадьб
        dugun
        結婚 誕生日
        결혼 열애 생일
        verjaardag huwelijk honden kongelige brudepar aniversario casamento cachorro familia
    """,
    "labour": """
        strike strikes striking union unions workers wages employees pay jobs unemployment employers
        walkout teamsters labor labour layoffs layoff workforce payroll minimum-wage pension pensions
        retirement staff staffing hiring workplace
        streik streiks warnstreik gewerkschaft gewerkschaften verdi arbeitnehmer beschaftigte beschaftigten
        lohn lohne gehalt arbeitsmarkt arbeitslos arbeitslosigkeit arbeitgeber tarifverhandlungen
        rente rentenalter fachkrafte kundigungen stellenabbau
        greve greves syndicat syndicats salaries emploi chomage cgt
        huelga huelgas sindicato sindicatos trabajadores empleo paro salarios
        sciopero sindacati lavoratori lavoro disoccupazione
        staking vakbond werknemers
        strejk fackforbund arbetare
        забастовк профсоюз работник зарплат безработиц
        grev sendika isci issizlik maas
        mogok buruh pekerja upah
        労働 ストライキ 賃金 雇用
        파업 노조 노동 임금 고용 해고
        staking vakbond werknemers lonen strejk facket arbetstagare streik fagforening arbeidstakere greve sindicato trabalhadores salario desemprego
    """,
    "lifestyle": """
        recipe recipes travel holiday holidays fashion restaurant restaurants wine garden gardening hotel diet
        fitness beauty style cooking chef deals gift gifts shopping discount discounts review reviews
        gadget gadgets car cars motorcycle bike motorbike gaming playstation xbox nintendo
        interiors decor vacation cruise luxury
        rezept rezepte reise reisen urlaub mode restaurant wein garten hotel diat schonheit kochen
        angebote schnappchen auto autos kaufberatung wohnen
        recette voyage vacances mode cuisine beaute
        receta viaje viajes vacaciones moda cocina belleza ofertas
        ricetta viaggio viaggi vacanze moda cucina bellezza regali
        recept reizen
        resa recept
        рецепт путешеств мода красот кулинар отдых отпуск
        tarif seyahat tatil moda guzellik
        resep wisata liburan
        旅行 料理 レシピ ファッション
        여행 요리 레시피 패션 맛집
        recepten reizen mode tuin recept resor tradgard oppskrift reise hage receita viagem moda beleza
    """,
    "politics": """
        minister ministers government parliament election elections vote voters party policy president
        senator senators mp mps opposition lawmakers cabinet asylum deal agreement congress senate
        democrats republicans democrat republican gop trump biden campaign governor referendum diplomatic
        diplomats diplomacy sanctions summit treaty legislation bill governor's mayor chancellor
        regierung minister ministerin bundesregierung bundestag landtag wahl wahlen wahlkampf partei
        parteien koalition opposition kanzler bundeskanzler prasident abgeordnete gesetz gesetzentwurf
        politik politiker politisch diplomatie sanktionen asylpolitik migration landesregierung afd spd cdu
        csu grunen fdp svp fpo ovp
        gouvernement ministre parlement election elections vote parti president politique senat depute
        gobierno ministro parlamento elecciones votos partido presidente politica congreso diputados
        governo ministro parlamento elezioni voto partito presidente politica
        regering minister verkiezingen partij
        regeringen riksdagen partiet
        правительств министр парламент выбор депутат партия президент политик кремл санкци
        hukumet bakan meclis secim parti cumhurbaskani siyaset
        pemerintah menteri presiden pemilu partai politik
        政府 首相 選挙 国会 大統領 政党 外交 議員
        정부 대통령 선거 국회 의원 정당 장관 외교 총리 정치
        regering kabinet verkiezingen minister partij regeringen riksdagen valet partiet regjeringen stortinget valget partiet governo ministro eleicoes partido presidente deputados senado
    """,
    "religion": """
        church churches pope bishop bishops mosque faith religious prayer worship clergy catholic christian
        christians islam islamic muslim muslims imam jewish synagogue rabbi vatican priest sunni shia
        kirche kirchen papst bischof moschee glaube religion religios gebet katholisch evangelisch
        christen muslime islamisten imam synode
        eglise pape eveque mosquee religion religieux
        iglesia papa obispo mezquita religion religioso
        chiesa papa vescovo moschea
        kerk
        kyrkan
        церковь церкви патриарх религи мечеть
        cami dini imam
        agama masjid gereja islam ulama kaum umat
        宗教 教会 寺院 神社
        종교 교회 성당 사찰 목사
        kerk paus moskee kyrkan paven kirken paven igreja papa mesquita religiao
    """,
    "science": """
        scientists research study researchers comet telescope planet nasa astronomers physics experiment
        spacecraft orbit technology tech software app apps ai artificial intelligence smartphone iphone
        android google apple microsoft chip chips semiconductor robot robots computer internet cyber
        algorithm data cloud quantum laboratory scientific biology genetic dna cells neuroscience
        rocket satellite moon mars lunar startup gadget online digital
        wissenschaft wissenschaftler forscher forschung studie physik teleskop raumfahrt technik
        technologie software smartphone ki kunstliche digital digitale internet daten meteorit
        scientifique chercheurs recherche etude espace technologie numerique
        cientificos investigadores investigacion estudio espacio tecnologia
        scienziati ricercatori ricerca studio tecnologia
        wetenschap onderzoek
        forskare forskning
        учены исследован науч космос технолог спутник интернет смартфон
        bilim arastirma teknoloji uzay
        ilmuwan penelitian teknologi
        研究 科学 技術 宇宙 人工知能 スマホ
        연구 과학 기술 우주 인공지능 반도체 스마트폰
        onderzoekers wetenschappers technologie forskare forskning teknik forskere teknologi pesquisadores cientistas tecnologia pesquisa
    """,
    "society": """
        migrants migrant immigration immigrants community communities housing homeless homelessness poverty
        refugees refugee welfare charity families equality inequality discrimination racism gender lgbt
        transgender protest protests rights civil social childcare elderly youth drug addiction meth
        migranten migration fluchtlinge gefluchtete integration wohnungslos obdachlos armut sozial
        gesellschaft familie familien gleichberechtigung diskriminierung rassismus demonstration
        migrants refugies logement pauvrete societe
        migrantes refugiados vivienda pobreza sociedad vecinos
        migranti rifugiati poverta societa
        migranten samenleving
        samhalle
        мигрант беженц общество бедност
        gocmen multeci toplum yoksulluk
        masyarakat kemiskinan pengungsi
        社会 移民 難民 貧困
        사회 이민 난민 빈곤 저출산
        vluchtelingen migranten armoede flyktingar invandring fattigdom flyktninger innvandring fattigdom refugiados migrantes pobreza moradores
    """,
    "sport": """
        match goal goals team league cup coach players season striker tournament championship win victory
        defeat squad midfielder football soccer tennis golf cricket rugby basketball baseball nba nfl nhl
        olympic olympics athlete athletes medal formula f1 racing race swimming boxing ufc
        quarterback playoff playoffs fixture scored wicket inning innings
        spiel spiele tor tore mannschaft liga bundesliga trainer spieler saison sieg niederlage meister
        meisterschaft pokal fussball olympia olympische handball eishockey rennen weltmeister
        match equipe championnat entraineur joueurs saison victoire defaite coupe
        partido equipo liga entrenador jugadores temporada victoria derrota copa futbol gol
        partita squadra campionato allenatore giocatori stagione vittoria calcio
        wedstrijd elftal
        matchen laget
        матч команд чемпионат тренер игрок сезон победа футбол турнир хоккей
        maci takim lig antrenor oyuncu sezon galibiyet futbol gol golcu
        pertandingan liga pelatih pemain sepak
        試合 選手 優勝 野球 サッカー 監督 五輪
        경기 선수 우승 야구 축구 감독 올림픽 시즌
        wedstrijd elftal voetbal doelpunt trainer kampioen matchen laget fotboll tranare kampen laget fotball trener partida futebol treinador campeonato vitoria
    """,
    "weather": """
        rain flood floods flooding storm snow forecast temperatures wind gusts heatwave warnings weather
        thunderstorm tornado drought frost cold heat
        wetter unwetter regen schnee sturm gewitter hitze hitzewelle frost temperaturen prognose
        meteo pluie neige tempete canicule
        tiempo lluvia nieve tormenta
        pioggia neve temporale
        weer
        vadret
        погод дожд снег шторм жара мороз
        hava yagmur firtina
        cuaca hujan
        天気 大雨 台風 気温
        날씨 폭우 태풍 기온 폭염 한파
        onweer regen sneeuw hittegolf ovader regn sno varmebolja uvaer regn sno hetebolge chuva tempestade neve calor
    """,
}
