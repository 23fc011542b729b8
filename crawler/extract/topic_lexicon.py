"""Seed vocabulary of the topic classifier: word stems per IPTC topic, in the languages
news sites write in (en, de, fr, es, it, pt, nl, da, no, sv, fi, is, pl, cs, lt, ru, uk,
tr, id, ja, ko, zh).

These are prior evidence, not the classifier: ``topic_model`` turns each stem into a
per-topic weight, adds what it learned from labelled pages, and scores a page with
all of its words. Written lowercase and without accents (the tokenizer folds them);
a stem of 5+ letters matches every word it begins (``streik`` → ``streiks``,
``streikende``), one of 6+ also the end of a compound (``warnstreik``), one of 4 letters
itself and its plurals. Shorter stems match whole words only, and so does a stem written
with a trailing ``=`` (``parti=``: French and Turkish for party, not the start of
"particular"), and its plural in -s/-es. Chinese, Japanese and Korean words are found
anywhere in the text.
"""
from __future__ import annotations

SEED: dict[str, str] = {
    "arts": """
        autoren autora
        album albums film films movie movies cinema festival novel novels painting theatre theater concert
        concerts exhibition gallery actor actress director singer singers band orchestra museum poet oscar
        premiere sculpt artist artists opera= operas ballet musician musical song songs rapper hollywood
        netflix series sitcom box-office bestseller literary literature grammy emmy documentary
        kunst kunstler kunstlerin ausstellung roman= romane buch bucher schauspieler schauspielerin regisseur
        theater konzert sanger sangerin oper museum literatur schriftsteller schriftstellerin kino filmfest
        buchmesse premiere kultur
        cinema exposition romancier ecrivain chanteur chanteuse spectacle musique litterature realisateur
        pelicula peliculas actriz cantante exposicion escritor novela musica teatro cine
        romanzo scrittore cantante mostra spettacolo attore attrice
        filme livro escritor
        boek schrijver tentoonstelling zanger
        konstnar forfattare utstallning
        фильм фильмы кино актер актриса певец певица музык театр выставк роман писател концерт сериал
        film dizi oyuncu sanatci konser= sergi roman= yazar sarkici muzik
        seniman pameran musik penyanyi
        映画 俳優 女優 歌手 音楽 ドラマ アニメ 小説 作家 展覧会 公演 アイドル
        영화 배우 가수 음악 드라마 소설 작가 전시 공연 아이돌 예능 방송 출연
        kunstenaar voorstelling muziek zangeres filmfestival konstutstallning filmen musikk forfatter utstilling konsert teatro autor= cantora exposicao espetaculo novela
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
        courtroom
        police arrested arrest murder murdered charged court= trial sentenced prison jail robbery fraud suspect
        suspects prosecutors prosecutor detectives convicted stabbing stabbed theft homicide shooting gunman
        rape raped abuse killer jury judge lawsuit indicted indictment guilty burglary smuggling trafficking
        blackmail bribery corruption cybercrime phishing scam scammers scandal investigation police's
        polizei festgenommen festnahme mord morder totung gericht prozess urteil verurteilt haft gefangnis
        gefangnisstrafe staatsanwalt staatsanwaltschaft ermittlungen ermittler tater verdachtig razzia
        diebstahl betrug einbruch drogen drogenhandel missbrauch vergewaltigung messer schusse kriminal
        angeklagt anklage justiz
        police arrete interpelle meurtre tribunal proces= condamne prison enquete suspect fraude
        policia detenido detenida asesinato tribunal juicio condenado carcel robo fraude sospechoso juez fiscal
        polizia arrestato omicidio tribunale processo condannato carcere furto truffa
        politie= gearresteerd moord rechtbank
        polisen polis gripen mord atalas atal domstol misshandel
        полиц арест убийств суд приговор тюрьм задержан мошенн кража расследован уголовн обвин
        polis gozalti tutuklandi tutuklama cinayet mahkeme dava hapis supheli sorusturma dolandiric
        polisi ditangkap pembunuhan pengadilan penjara tersangka
        警察 逮捕 容疑者 殺人 裁判 判決 起訴 詐欺 事件
        경찰 체포 구속 살인 재판 판결 기소 사기 혐의 검찰
        verdachte gearresteerd politie= moordenaar rechter veroordeeld celstraf polisen misstankt doms politiet siktet domstol tiltalt policia preso presos assassinato suspeito julgamento condenado roubo
    """,
    "disaster": """
        planes
        earthquake earthquakes tsunami wildfire wildfires hurricane evacuated evacuation rescue rescuers
        collapse derailed explosion landslide casualties crash fire blaze firefighters flames plane= crash
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
        handels
        economy economic inflation prices market markets shares investors investor profit profits revenue
        bank banks tax taxes budget interest rates gdp company companies customers retailers refund sales
        stock= stocks dow nasdaq earnings billion trillion ceo investment investments dividend merger
        acquisition startup startups tariffs tariff trade exports imports recession growth consumer
        business businesses firm firms industry industrial corporate finance financial fund funds debt
        ipo valuation bitcoin crypto payments payment retail retailer price pricing energy oil
        wirtschaft wirtschaftlich konjunktur inflation preise markt borse aktie aktien anleger gewinn= umsatz
        bank banken steuer steuern haushalt zinsen zins leitzins unternehmen konzern firma handel= export
        import= rezession wachstum verbraucher milliarden millionen investition finanz finanzen dax ezb
        insolvenz pleite schulden immobilien tarif tarife kunden rabatt euro
        economie economique inflation prix marche bourse actions= entreprise entreprises banque impots
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
        obesity surgery drug drugs medication therapy diagnosis diagnosed plague epidemic mental= dementia
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
        hastane doktor hastalik saglik kanser virus
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
        verjaardag huwelijk honden kongelige brudepar aniversario casamento cachorro familia=
    """,
    "labour": """
        laborers
        strike strikes striking union unions workers wages employees pay jobs unemployment employers
        walkout teamsters labor= labour layoffs layoff workforce payroll minimum-wage pension= pensions
        retirement staff staffing hiring workplace
        streik streiks warnstreik gewerkschaft gewerkschaften verdi= arbeitnehmer beschaftigte beschaftigten
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
        recept= reizen
        resa recept=
        рецепт путешеств мода красот кулинар отдых отпуск
        tarif seyahat tatil moda guzellik
        resep wisata liburan
        旅行 料理 レシピ ファッション
        여행 요리 레시피 패션 맛집
        recepten reizen mode tuin recept= resor tradgard oppskrift reise hage receita viagem moda beleza
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
        gouvernement ministre parlement election elections vote parti= president politique senat depute
        gobierno ministro parlamento elecciones votos partido presidente politica congreso diputados
        governo ministro parlamento elezioni voto partito presidente politica
        regering minister verkiezingen partij
        regeringen riksdagen partiet
        правительств министр парламент выбор депутат партия президент политик кремл санкци
        hukumet bakan meclis secim parti= cumhurbaskani siyaset
        pemerintah menteri presiden pemilu partai politik
        政府 首相 選挙 国会 大統領 政党 外交 議員
        정부 대통령 선거 국회 의원 정당 장관 외교 총리 정치
        regering kabinet verkiezingen minister partij regeringen riksdagen valet partiet regjeringen stortinget valget partiet governo ministro eleicoes partido presidente deputados senado
    """,
    "religion": """
        rabbis
        church churches pope bishop bishops mosque faith religious prayer worship clergy catholic christian
        christians islam islamic muslim muslims imam jewish synagogue rabbi= vatican priest sunni shia
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
        leagues
        match goal goals team league= cup coach players season striker tournament championship win victory
        defeat squad midfielder football soccer tennis golf cricket rugby basketball baseball nba nfl nhl
        olympic olympics athlete athletes medal formula f1 racing race swimming boxing ufc
        quarterback playoff playoffs fixture scored wicket inning= innings
        spiel spiele= tor tore mannschaft liga bundesliga trainer spieler saison sieg niederlage meister
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
        wetter unwetter regen= schnee sturm= gewitter hitze hitzewelle frost temperaturen prognose
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
        onweer regen= sneeuw hittegolf ovader regn sno varmebolja uvaer regn sno hetebolge chuva tempestade neve calor
    """,
}

# The same topics in more words of the languages above and in some they lacked (da, fi, pl,
# cs, lt, is, uk, zh), written from general news vocabulary (not from corpus pages), so
# that a site in a thinly covered language still gets its topic from its text.
MORE: dict[str, str] = {
    "arts": """
        chanson chansons cineaste festivals roman= orchestre peintre sculpteur litteraire
        actor actores pelicula cantautor orquesta pintor escultura
        regista cantautore orchestra pittore scultore museo
        ator atriz cantor orquestra pintor artista museu
        acteur actrice schilderij museum regisseur
        skuespiller skuespillerinde sangerinde forfatter udstilling koncert teater museet roman=
        skadespelare artist sangerska konstnar teatern
        elokuva elokuvan nayttelija laulaja muusikko konsertti teatteri kirjailija romaani nayttely taiteilija museo
        aktor aktorka piosenkarz piosenkarka zespol koncert wystawa pisarz powiesc teatr kino muzyka artysta
        herec herecka zpevak zpevacka koncert vystava spisovatel roman= divadlo hudba umelec
        aktorius dainininkas koncertas paroda rasytojas teatras muzika filmas
        leikari tonlist kvikmynd sonleikur
        фильм фильма кинотеатр актриса режиссер спектакл оркестр художник писатель
        фільм актор акторка співак співачка концерт виставк письменник театр музик
        sinema oyuncu yonetmen sarkici konser= sergi romani tiyatro muzisyen
        aktor aktris sutradara konser= pameran novel teater musisi
        电影 演员 歌手 音乐 小说 作家 展览 演唱会 电视剧 艺术
    """,
    "conflict": """
        guerre armees soldat militaires bombardements frappes drones offensive otage
        ejercito soldado militar misil ofensiva tropas bombardeos drones rehen
        esercito militari missile offensiva truppe bombardamento droni ostaggi tregua
        exercito soldado militar missil ofensiva tropas bombardeio drones refens
        oorlog militairen troepen raket aanvallen bombardement drones gijzelaars wapenstilstand
        krigen soldater militaer missil angreb tropper vabenhvile droner
        kriget soldater militar anfall trupper vapenvila dronare
        sota  sotilas sotilaat armeija ohjus hyokkays joukot tulitauko drooni
        wojna wojny wojsko wojska zolnierz zolnierze rakieta rakiety atak ostrzal rozejm drony armia
        valka valky armada vojaci vojak raketa utok ostrel primeri drony
        karas karo kariai kariuomene raketa ataka
        strid herinn hermenn
        войны войну войной военные вооружен ракета ракеты обстрелы беспилотник фронта наступлени оккупац
        війну військові військо ракети обстріли безпілотник фронт наступ окупац армія
        savasi asker askerler ordu fuze saldiri cephe ateskes insansiz
        perang tentara militer serangan rudal pasukan gencatan drone
        战争 军队 军事 导弹 袭击 空袭 士兵 停火 入侵 冲突
    """,
    "crime": """
        policier policiers gendarmes gendarmerie meurtre assassinat vol escroquerie condamnation juge proces= enquete
        policia policias guardia asesino homicidio robo estafa condena juez juicio detenidos
        carabinieri polizia omicidio rapina truffa condanna giudice processo indagine arrestati
        policia policial homicidio assassinato roubo fraude condenacao juiz julgamento investigacao prisao
        politie= agenten moord diefstal oplichting veroordeling rechter rechtszaak arrestatie
        politiet anholdt mord tyveri bedrageri dommer sigtet fangsel
        polisen gripen mord stold bedrageri domstol atal fangelse
        poliisi poliisin pidatetty murha varkaus petos tuomio oikeus oikeudessa syyttaja vankila rikos
        policja policji policjanci zatrzymany zabojstwo morderstwo kradziez oszustwo wyrok prokurator wiezienie przestepstwo
        policie= policiste zadrzen vrazda kradez podvod rozsudek soud soudu zalobce vezeni trestny
        policija policijos nuzudymas teismas teismo vagyste sukciav
        logregla logreglan morð domur dómur
        полиция полицей задержали убийство суда приговор мошенничеств кражи следовател уголовное
        поліція поліції затримали вбивство суду вирок шахрай крадіжк слідчі кримінальн
        polis gozaltina cinayet mahkemesi hapis cezasi supheli savci sorusturma hirsizlik dolandiricilik
        polisi ditangkap pembunuhan pengadilan penjara tersangka jaksa pencurian penipuan
        警方 警察 逮捕 嫌疑人 谋杀 法院 判决 诈骗 犯罪 起诉
    """,
    "disaster": """
        incendie incendies seisme inondation inondations explosion effondrement accident catastrophe pompiers secours victimes evacuation
        incendio terremoto inundacion inundaciones explosion derrumbe accidente catastrofe bomberos rescate victimas evacuacion
        incendio terremoto alluvione esplosione crollo incidente catastrofe vigili soccorsi vittime evacuazione
        incendio terremoto enchente explosao desabamento acidente catastrofe bombeiros resgate vitimas evacuacao
        aardbeving overstroming explosie instorting ongeluk ramp brandweer slachtoffers evacuatie
        jordskaelv oversvommelse eksplosion ulykke katastrofe brandvaesen redning ofre evakuering
        jordbavning oversvamning explosion olycka katastrof raddning evakuering
        tulipalo maanjaristys tulva rajahdys onnettomuus katastrofi palokunta pelastus uhrit evakuointi
        pozar pozaru trzesienie powodz wybuch katastrofa wypadek strazacy ratownicy ofiary ewakuacja
        pozar zemetreseni povoden vybuch nehoda katastrofa hasici zachranari obeti evakuace
        gaisras nelaime sprogimas avarija ugniagesiai aukos
        eldgos jardskjalfti bruni slys
        пожара землетрясение наводнени взрыва крушени катастрофа спасатели погибших пострадавш эвакуац
        пожежа землетрус повінь вибух аварія катастрофа рятувальник загибл постраждал евакуац
        yangin deprem patlama kaza felaket itfaiye kurtarma enkaz tahliye
        kebakaran gempa banjir longsor ledakan kecelakaan bencana korban evakuasi
        火灾 地震 洪水 爆炸 事故 灾难 救援 遇难 疏散 坍塌
    """,
    "economy": """
        economie croissance entreprise entreprises marches bourse banque inflation prix chomage budget dette impots investissement
        economia crecimiento empresa empresas mercados bolsa banco inflacion precios presupuesto deuda impuestos inversion
        economia crescita impresa imprese mercati borsa banca inflazione prezzi bilancio debito tasse investimenti
        economia crescimento empresa empresas mercado bolsa banco inflacao precos orcamento divida impostos investimento
        economie groei bedrijf bedrijven markt beurs bank inflatie prijzen begroting schuld belasting investering
        okonomi okonomien vaekst virksomhed virksomheder aktier bank inflation priser budget gaeld skat investering
        ekonomi ekonomin tillvaxt foretag marknaden aktier banken inflation priser budget skuld skatt investering
        talous talouden kasvu yritys yritykset markkinat porssi pankki inflaatio hinnat budjetti investointi
        gospodarka gospodarki gospodarcz ekonomia firma firmy rynek gielda bank inflacja ceny budzet dlug podatki inwestycj
        ekonomika ekonomiky firma firmy trh burza banka inflace ceny rozpocet dluh investice
        ekonomika bendrove rinka bankas infliacija kainos biudzetas mokesciai
        efnahag verðbolga
        экономики рост компания компании рынка биржа банки инфляции цены бюджета долг налоги инвестиц
        економіка економіки компанія ринок банк інфляція ціни бюджет борг податки інвестиці
        ekonomi ekonomik buyume sirketi piyasa borsa banka enflasyon fiyatlar butce borc vergi yatirim
        ekonomi pertumbuhan perusahaan pasar saham bank inflasi harga anggaran utang pajak investasi
        经济 公司 企业 市场 股市 银行 通胀 价格 预算 投资 关税
    """,
    "education": """
        ecole college lycee eleves enseignant enseignants professeur universite etudiants examen baccalaureat
        escuela colegio alumnos maestros profesor universidad estudiantes examen selectividad
        scuola liceo alunni insegnanti professore universita studenti esame maturita
        escola alunos professor universidade estudantes exame vestibular
        school scholen leerlingen leraar docent universiteit studenten examen onderwijs
        skole skoler elever laerer laerere universitet studerende eksamen uddannelse
        skola skolor elever larare universitet studenter examen utbildning
        koulu koulut oppilaat opettaja opettajat yliopisto opiskelijat tentti koulutus
        szkola szkoly uczniowie nauczyciel nauczyciele uniwersytet studenci egzamin matura edukacja
        skola skoly zaci ucitel ucitele univerzita studenti zkouska maturita vzdelani
        mokykla mokiniai mokytojai universitetas studentai egzaminas svietimas
        skoli nemendur kennarar haskoli
        школа школы ученики учителя университет студенты экзамен образования
        школа школи учні вчителі університет студенти іспит освіти
        okul okullar ogrenciler ogretmenler universite sinav egitim
        sekolah murid guru  universitas mahasiswa ujian pendidikan
        学校 学生 教师 大学 考试 高考 教育
    """,
    "environment": """
        climat climatique rechauffement environnement ecologie pollution biodiversite emissions carbone renouvelables
        clima climatico calentamiento ambiental contaminacion biodiversidad emisiones carbono renovables
        clima climatico riscaldamento ambientale inquinamento biodiversita emissioni carbonio rinnovabili
        clima climatico aquecimento ambiental poluicao biodiversidade emissoes carbono renovaveis
        klimaat klimaatverandering milieu vervuiling biodiversiteit uitstoot
        klima klimaet klimaforandringer miljo forurening biodiversitet udledning
        klimat klimatet miljon fororening biologisk utslapp
        ilmasto ilmastonmuutos ymparisto saaste paastot luonto
        klimat klimatu srodowisko zanieczyszczenie emisje ekologia
        klima klimatu zivotni prostredi znecisteni emise= ekologie
        klimatas aplinka tarsa
        loftslag umhverfi
        климата экологии загрязнени выбросы
        клімат екологі забрудненн викиди
        iklim cevre kirliligi emisyon karbon
        iklim lingkungan polusi emisi karbon
        气候 环境 污染 排放 碳
    """,
    "health": """
        hopital hopitaux medecin medecins maladie vaccin patients sante cancer epidemie soins
        hospital medicos enfermedad vacuna pacientes salud cancer epidemia tratamiento
        ospedale medici malattia vaccino pazienti salute cancro epidemia cure
        hospital medicos doenca vacina pacientes saude cancer epidemia tratamento
        ziekenhuis arts artsen ziekte vaccin patienten gezondheid kanker zorg
        sygehus hospital laege laeger sygdom vaccine patienter sundhed kraeft behandling
        sjukhus lakare sjukdom vaccin patienter halsa cancer vard behandling
        sairaala laakari sairaus rokote potilas potilaat terveys syopa hoito
        szpital lekarz lekarze choroba szczepionka pacjent pacjenci zdrowie nowotwor leczenie
        nemocnice lekar lekari nemoc vakcina pacient pacienti zdravi rakovina lecba
        ligonine gydytojas vakcina pacientai sveikata
        sjukrahus laeknir sjukdom heilbrigði
        больница больницы врачи заболевани вакцина пациенты здоровья лечения рака
        лікарня лікар лікарі хвороба вакцина пацієнти здоров лікування
        hastane doktor hastalik asi hastalar saglik kanser tedavi
        dokter penyakit vaksin pasien kesehatan kanker pengobatan
        医院 医生 疾病 疫苗 患者 健康 癌症 治疗 疫情
    """,
    "human-interest": """
        anniversaire mariage bebe chien chat celebrite insolite
        cumpleanos boda bebe perro gato curioso
        compleanno matrimonio gatto curioso
        aniversario casamento cachorro gato curioso
        verjaardag bruiloft hond
        fodselsdag bryllup hund prinsesse kongehuset
        fodelsedag brollop hund katt prinsessan kungahuset
        syntymapaiva koira kissa prinsessa
        urodziny slub kot ksiezniczka
        narozeniny svatba kocka princezna
        свадьба собака кошка
        весілля собака кіт
        dugun kopek kedi
        pernikahan anjing kucing
        婚礼 生日 宠物
    """,
    "labour": """
        greve greves grevistes syndicat syndicats salaries salaire salaires emploi chomage licenciements retraite retraites
        huelga huelguistas sindicato sindicatos trabajadores salario salarios empleo desempleo despidos pensiones
        sciopero scioperi sindacato sindacati lavoratori salario salari occupazione licenziamenti pensioni
        greve grevistas sindicato trabalhadores salario salarios emprego desemprego demissoes aposentadoria
        staking stakingen vakbond vakbonden werknemers loon lonen werkloosheid ontslagen pensioen
        strejke strejker fagforening fagforbund lonmodtagere arbejdsloshed fyringer pension=
        strejk strejken fackforbund facket anstallda arbetsloshet uppsagningar pension=
        lakko lakon ammattiliitto tyontekijat palkka palkat tyottomyys irtisanomiset elake
        strajk strajki zwiazek zwiazkowcy pracownicy pensja bezrobocie zwolnienia emerytur
        stavka stavky odbory zamestnanci mzda mzdy nezamestnanost propousteni duchod
        streikas profsajung darbuotojai atlyginim nedarbo
        verkfall launafolk
        забастовка бастуют профсоюза работники зарплаты безработица увольнени пенси
        страйк профспілк працівники зарплат безробітт звільненн пенсі
        grev sendika iscileri ucret issizlik isten emekli
        mogok serikat buruh pekerja gaji upah pengangguran phk pensiun
        罢工 工会 工人 工资 失业 裁员 就业 养老金
    """,
    "lifestyle": """
        recette cuisine voyage vacances mode beaute restaurant vin jardin maison decoration
        receta cocina viaje vacaciones moda belleza restaurante vino jardin hogar decoracion
        ricetta cucina viaggio vacanze moda bellezza ristorante vino giardino casa arredamento
        receita cozinha viagem ferias moda beleza restaurante vinho jardim decoracao
        recept= koken reizen vakantie mode schoonheid restaurant wijn tuin wonen
        opskrift madlavning rejse ferie mode skonhed restaurant vin
        recept= matlagning resa mode skonhet restaurang vin tradgard boende
        resepti ruoka loma muoti kauneus ravintola viini puutarha sisustus
        przepis kuchnia podroz wakacje moda uroda restauracja wino ogrod wnetrza
        recept= vareni cestovani dovolena moda krasa restaurace vino zahrada
        receptas kelione atostogos mada grozis restoranas
        uppskrift ferðalag
        рецепты путешестви отпуск мода красота ресторан вино сад
        рецепт подорож відпустк мода краса ресторан
        tarifi seyahat tatil moda guzellik restoran sarap bahce dekorasyon
        resep masakan wisata liburan mode kecantikan restoran
        旅游 美食 时尚 美容 餐厅
    """,
    "politics": """
        gouvernement ministre ministres parlement assemblee senat deputes election elections presidentielle parti= partis president
        gobierno ministro ministra parlamento congreso senado diputados elecciones partido presidente coalicion oposicion
        governo ministro parlamento senato deputati elezioni partito presidente coalizione opposizione
        governo ministro parlamento congresso senado deputados eleicoes partido presidente coalizao oposicao
        regering kabinet minister parlement verkiezingen partij coalitie oppositie
        regeringen minister statsminister folketinget valg parti= partier koalition opposition
        regeringen minister statsminister riksdagen valet parti= partier koalition opposition
        hallitus ministeri paaministeri eduskunta vaalit puolue puolueet presidentti oppositio
        rzad rzadu minister sejm senat wybory partia= partii partie prezydent koalicja opozycja
        vlada vlady ministr snemovna senat volby strany prezident koalice opozice
        vyriausybe ministras premjer seimas rinkimai partija prezidentas
        rikisstjorn raðherra alþingi kosningar
        правительства министра парламента выборы выборов депутаты партии президента
        уряд уряду міністр парламент верховна вибори депутати партія президент
        hukumeti bakani meclisi secim secimi partisi cumhurbaskani muhalefet
        pemerintah menteri presiden dpr pemilu partai koalisi oposisi
        政府 总统 总理 选举 议会 政党 外交 部长 国会
    """,
    "religion": """
        eglise pape eveque pretre mosquee religion foi catholique musulman juif
        iglesia papa obispo sacerdote mezquita religion fe catolica musulman judio
        chiesa papa vescovo sacerdote moschea religione fede cattolica musulmano ebreo
        igreja papa bispo padre mesquita religiao fe catolica muculmano judeu
        kerk paus bisschop priester moskee religie geloof katholiek moslim joods
        kirke kirken paven biskop praest moske religion katolsk muslim joedisk
        kyrka kyrkan paven biskop prast moske religion katolsk muslim judisk
        kirkko paavi piispa pappi moskeija uskonto usko katolinen muslimi
        kosciol papiez biskup ksiadz meczet religia wiara katolick muzulman zydowsk
        cirkev papez biskup knez meita nabozenstvi vira katolick
        baznycia popiezius vyskupas kunigas tikejimas
        kirkja pafi biskup trú
        церкви патриарх священник мечети религии веры православн мусульман
        церква священик мечеть релігі віра православн
        cami imam din dini inanc muslumanlar kilise papa
        masjid gereja ulama agama iman paus umat
        宗教 教会 佛教 寺庙 基督教 伊斯兰
    """,
    "science": """
        scientifiques chercheurs recherche etude espace astronomie physique technologie artificielle numerique logiciel
        cientificos investigadores investigacion estudio espacio astronomia fisica tecnologia software
        scienziati ricercatori ricerca studio spazio astronomia fisica tecnologia artificiale software
        cientistas pesquisadores pesquisa estudo espaco astronomia fisica tecnologia
        wetenschappers onderzoekers onderzoek studie ruimte ruimtevaart natuurkunde technologie
        forskere forskning undersogelse teknologi kunstig
        forskare forskningen studie rymden teknologi artificiell
        tutkijat tutkimus avaruus fysiikka teknologia tekoaly
        naukowcy badania badanie kosmos fizyka technologia sztuczna
        vedci vyzkum studie vesmir fyzika technologie umela
        mokslininkai tyrimas kosmosas technologijos
        visindamenn rannsokn
        ученые исследования космоса физики технологии искусственн
        вчені дослідженн космос фізик технологі штучн
        bilim insanlari arastirmacilar arastirma uzay fizik teknoloji yapay
        ilmuwan peneliti penelitian antariksa fisika teknologi kecerdasan
        科学家 研究 科学 太空 航天 技术 科技 人工智能 芯片
    """,
    "society": """
        societe migrants migration refugies logement pauvrete inegalites discrimination famille familles
        sociedad migrantes migracion refugiados vivienda pobreza desigualdad discriminacion familias
        societa migranti migrazione rifugiati poverta disuguaglianza discriminazione famiglie
        sociedade migrantes migracao refugiados moradia pobreza desigualdade discriminacao familias
        samenleving migranten migratie vluchtelingen woningnood armoede ongelijkheid discriminatie gezinnen
        samfundet indvandrere flygtninge bolig fattigdom ulighed diskrimination familier
        samhallet invandrare flyktingar bostad fattigdom ojamlikhet diskriminering familjer
        yhteiskunta maahanmuutto pakolaiset asunto koyhyys eriarvoisuus syrjinta perheet
        spoleczenstwo migranci migracja uchodzcy mieszkania ubostwo nierownosc dyskryminacja rodziny
        spolecnost migranti migrace uprchlici bydleni chudoba nerovnost diskriminace rodiny
        visuomene migrantai pabegeliai skurdas
        innflytjendur
        общество мигранты беженцы жилье бедность неравенств дискриминац семьи
        суспільство мігранти біженці житло бідність нерівність дискримінац сім'ї
        toplum gocmenler multeciler konut yoksulluk esitsizlik ayrimcilik aileler
        masyarakat migran pengungsi perumahan kemiskinan kesenjangan diskriminasi keluarga
        社会 移民 难民 住房 贫困 不平等 歧视 家庭
    """,
    "sport": """
        football match matchs equipe championnat ligue entraineur joueur joueurs saison victoire defaite coupe tennis cyclisme rugby
        futbol partido equipo campeonato liga entrenador jugador jugadores temporada victoria derrota copa goles baloncesto
        calcio partita squadra campionato allenatore giocatore giocatori stagione vittoria sconfitta coppa gol
        futebol jogo partida equipe campeonato treinador jogador jogadores temporada vitoria derrota copa gols
        voetbal wedstrijd ploeg competitie trainer speler spelers seizoen overwinning nederlaag beker doelpunt
        fodbold kampen holdet liga traener spiller spillere saeson sejr nederlag pokal maal
        fotboll matchen laget allsvenskan tranare spelare spelarna sasong seger forlust cupen
        jalkapallo ottelu joukkue valmentaja pelaaja pelaajat kausi voitto tappio maali jaakiekko
        pilka mecz meczu druzyna liga trener zawodnik zawodnicy sezon zwyciestwo porazka puchar bramka
        fotbal liga trener hrac hraci sezona vitezstvi porazka pohar hokej
        krepsinis futbolas rungtynes komanda treneris zaidejas sezonas pergale
        knattspyrna leikur liðið
        футбола матча команды чемпионата тренера игрока сезона победы поражени кубок хоккея
        футбол матч команда чемпіонат тренер гравець сезон перемог поразк кубок
        futbol takim lig oyuncu sezon galibiyet maglubiyet kupa gol
        pertandingan liga pelatih pemain musim kemenangan kekalahan piala gol bulutangkis
        足球 比赛 球队 联赛 教练 球员 赛季 冠军 奥运 篮球
    """,
    "weather": """
        meteo pluie pluies neige tempete orages canicule previsions temperatures
        lluvia lluvias nieve tormenta tormentas viento temperaturas pronostico
        pioggia piogge neve temporale temporali caldo vento temperature previsioni
        chuva chuvas neve tempestade vento temperaturas previsao
        weer regen= sneeuw storm onweer hittegolf wind temperaturen
        vejret regn sne storm torden hedebolge blaest temperaturer
        vadret regn sno storm aska varmebolja temperaturer
        lumi myrsky tuuli lampotila
        pogoda deszcz snieg upal wiatr temperatura prognoza
        pocasi dest snih bourka vedro vitr teploty predpoved
        orai lietus sniegas audra
        veður rigning snjor
        погода дождь снегопад шторм гроза жара мороз температура прогноз
        погода дощ сніг шторм гроза спека мороз температур прогноз
        yagmur firtina sicak ruzgar sicaklik
        cuaca hujan badai angin suhu
        天气 暴雨 台风 高温 降雪 气温
    """,
}
for _topic, _words in MORE.items():
    SEED[_topic] += _words
