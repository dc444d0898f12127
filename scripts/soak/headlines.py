"""Invented French outlets and headlines for the soak rig (nothing here is real news).

Headlines are assembled from themed pieces so that they read like a French news wire: named actors,
figures, places; the burst events are written as several outlets would title the same story, so that
veille's clustering has real work (shared names and numbers, different wording).
"""
import unicodedata

FORMATS = ["rss", "rss", "rss", "rss", "rss", "rss", "atom", "atom", "json", "rss-latin1"]

TOWNS = ["Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Rennes", "Bordeaux", "Strasbourg", "Grenoble",
         "Montpellier", "Nice", "Dijon", "Brest", "Clermont-Ferrand", "Rouen", "Metz", "Tours", "Limoges",
         "Besançon", "Orléans", "Perpignan", "Ajaccio", "Angers", "Caen", "Poitiers", "Pau", "Nîmes", "Reims"]
MASTHEADS = ["Le Courrier de {t}", "L'Écho de {t}", "{t} Matin", "La Dépêche de {t}", "Le Réveil de {t}",
             "{t} Infos", "La Gazette de {t}", "Le Journal de {t}", "Radio {t}", "{t} Actu"]
THEMES = {
    "tech": ["Numérique {t}", "{t} Tech", "Le Labo de {t}"],
    "economie": ["{t} Éco", "Les Affaires de {t}", "L'Économiste de {t}"],
    "politique": ["{t} Politique", "Le Parlementaire de {t}"],
    "sport": ["{t} Sport", "Le Stade de {t}"],
    "culture": ["{t} Culture", "Les Sorties de {t}"],
    "sciences": ["{t} Sciences", "Le Chercheur de {t}"],
    "environnement": ["{t} Climat", "La Terre de {t}"],
}
ACTORS = {
    "tech": ["Orange", "Free", "Bouygues Telecom", "SFR", "l'Arcep", "la CNIL", "l'ANSSI", "Mistral AI", "OVHcloud",
             "Doctolib", "Ubisoft", "Dassault Systèmes", "Capgemini", "Qonto", "Back Market", "Deezer"],
    "economie": ["Bercy", "la Banque de France", "l'Insee", "Renault", "Stellantis", "TotalEnergies", "EDF", "Airbus",
                 "LVMH", "Carrefour", "la SNCF", "Air France-KLM", "Michelin", "Danone", "BNP Paribas"],
    "politique": ["le gouvernement", "Matignon", "l'Assemblée nationale", "le Sénat", "le Conseil constitutionnel",
                  "la Cour des comptes", "le Conseil d'État", "la région Occitanie", "la mairie de Paris", "l'Élysée"],
    "sport": ["le PSG", "l'OM", "l'OL", "le Stade toulousain", "le XV de France", "les Bleus", "le LOSC",
              "l'ASM Clermont", "les Bleues du handball", "le Stade rennais"],
    "culture": ["le Louvre", "l'Opéra de Paris", "le Festival d'Avignon", "la Comédie-Française", "le CNC",
                "les Rencontres d'Arles", "le Centre Pompidou", "Radio France"],
    "sciences": ["le CNRS", "l'Inserm", "le CNES", "l'Institut Pasteur", "Météo-France", "le CEA", "l'Ifremer"],
    "environnement": ["l'Ademe", "l'Office français de la biodiversité", "Météo-France", "l'Agence de l'eau",
                      "le Haut Conseil pour le climat", "la préfecture de la Gironde"],
}
VERBS = ["annonce", "dévoile", "suspend", "relance", "prolonge", "revoit à la baisse", "confirme", "abandonne",
         "présente", "repousse", "accélère", "défend", "conteste", "valide", "met en pause"]
OBJECTS = {
    "tech": ["un plan fibre de {n} millions d'euros", "une amende de {n} millions d'euros", "son offre 5G+",
             "la fin du réseau cuivre dans {k} communes", "un centre de données à {t}", "un modèle d'IA open source",
             "le paiement par reconnaissance faciale", "une faille critique dans ses box", "{k} suppressions de postes"],
    "economie": ["{k} embauches à {t}", "une usine de batteries à {t}", "ses prévisions de croissance à {p} %",
                 "un plan d'économies de {n} milliards", "la hausse des tarifs de {p} %", "le rachat d'un concurrent",
                 "un accord salarial de {p} %", "la fermeture du site de {t}"],
    "politique": ["la réforme de l'assurance chômage", "un projet de loi sur le logement", "le budget {y}",
                  "une commission d'enquête sur l'eau", "la suppression de {k} postes de fonctionnaires",
                  "le référendum local de {t}", "un plan pour les hôpitaux de {t}"],
    "sport": ["le recrutement d'un attaquant à {n} millions", "la prolongation de son entraîneur jusqu'en {y}",
              "sa liste pour le Tournoi", "un nouveau stade à {t}", "la sanction de la commission de discipline"],
    "culture": ["une exposition consacrée à Rosa Bonheur", "sa programmation {y}", "la restauration de sa façade",
                "un festival gratuit à {t}", "la hausse du prix des billets de {p} %"],
    "sciences": ["le lancement d'un satellite depuis Kourou", "une étude sur {k} patients", "une mission vers Mars en {y}",
                 "la découverte d'une nouvelle espèce près de {t}", "un vaccin contre la bronchiolite"],
    "environnement": ["des restrictions d'eau dans {k} communes", "un plan contre les inondations à {t}",
                      "la réintroduction du lynx", "un bilan carbone en baisse de {p} %", "l'interdiction d'un pesticide"],
}
OPENERS = ["", "", "", "", "", "", "INFO - ", "Exclusif : ", "Vidéo - ", "EN DIRECT - ", "Décryptage : "]
CONTEXTS = ["", "", "", " : ce qu'il faut retenir", " malgré la grogne des syndicats", " d'ici {y}",
            ", une première en France", " après des mois de tractations", " : les réactions"]
SENTENCES = ["La décision, attendue depuis plusieurs semaines, a été confirmée {d} par un communiqué.",
             "Selon nos informations, {k} personnes sont concernées à {t} et dans les environs.",
             "Les syndicats dénoncent « une méthode brutale » et appellent à la mobilisation.",
             "Le calendrier prévoit une mise en œuvre progressive jusqu'en {y}.",
             "Interrogé, un porte-parole n'a pas souhaité faire de commentaire.",
             "Le montant total atteint {n} millions d'euros, soit {p} % de plus que l'an dernier.",
             "Plusieurs élus locaux réclament davantage de transparence sur le dossier.",
             "L'opposition juge la mesure « insuffisante » et promet de saisir le Conseil d'État.",
             "Les premiers effets devraient se faire sentir dès le mois prochain."]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

# Events covered by many outlets at once (bursts): ways the same story is titled.
EVENTS = [
    ["Panne géante chez Orange : les numéros d'urgence inaccessibles dans {k} départements",
     "Orange : une panne nationale coupe téléphone et internet, les appels au 15 et au 18 perturbés",
     "Numéros d'urgence injoignables : le gouvernement demande des comptes à Orange après la panne",
     "Panne du réseau Orange : ce que l'on sait de l'incident qui touche {k} départements"],
    ["Séisme de magnitude 5,{d1} ressenti dans les Pyrénées, pas de victime signalée",
     "Un tremblement de terre de magnitude 5,{d1} secoue le sud-ouest de la France",
     "Pyrénées : le séisme de magnitude 5,{d1} ressenti jusqu'à Toulouse et Bordeaux",
     "Séisme dans les Pyrénées : fissures et évacuations à Lourdes, selon la préfecture"],
    ["Grève à la SNCF : un TGV sur {q} circulera jeudi, annonce la direction",
     "SNCF : trafic très perturbé jeudi, seul un TGV sur {q} assuré",
     "Grève des cheminots : les prévisions de trafic de la SNCF pour jeudi",
     "Mouvement social à la SNCF : un TGV sur {q}, des TER supprimés dans toutes les régions"],
    ["Cyberattaque contre l'hôpital de {t} : les urgences redirigent les patients",
     "L'hôpital de {t} paralysé par un rançongiciel, l'ANSSI mobilisée",
     "Rançongiciel : l'hôpital de {t} passe en mode dégradé après une cyberattaque",
     "Cyberattaque à {t} : les données de patients de l'hôpital ont-elles fuité ?"],
    ["La CNIL inflige une amende de {n} millions d'euros à un géant de la publicité en ligne",
     "Amende record de {n} millions d'euros de la CNIL pour des cookies déposés sans consentement",
     "Cookies : sanction de {n} millions d'euros prononcée par la CNIL",
     "Publicité ciblée : la CNIL sanctionne à hauteur de {n} millions d'euros"],
    ["Ariane 6 réussit son lancement depuis Kourou avec {k} satellites à bord",
     "Succès pour Ariane 6, qui place {k} satellites en orbite",
     "Kourou : nouveau lancement réussi pour la fusée Ariane 6",
     "Ariane 6 : le lanceur européen enchaîne un vol sans encombre avec {k} satellites"],
    ["Tempête Amélie : {k} foyers privés d'électricité en Bretagne, selon Enedis",
     "Bretagne : la tempête Amélie prive d'électricité {k} foyers",
     "Vents violents : Météo-France place {q} départements en vigilance orange, des coupures en Bretagne",
     "Tempête Amélie : routes coupées et trains supprimés dans l'Ouest"],
    ["Le Sénat adopte le projet de loi sur le logement par {k} voix contre {q}",
     "Logement : le texte du gouvernement adopté au Sénat après une nuit de débats",
     "Projet de loi logement : feu vert du Sénat, la gauche dénonce un texte « au rabais »",
     "Ce que contient la loi logement votée par le Sénat"],
    ["Stellantis annonce {k} suppressions de postes en France",
     "Plan social chez Stellantis : {k} emplois menacés dans les usines françaises",
     "Stellantis va supprimer {k} postes, les syndicats appellent à la grève",
     "Automobile : Stellantis confirme {k} suppressions d'emplois, Bercy « vigilant »"],
    ["Le PSG s'impose {q}-1 face au Bayern et file en quart de finale",
     "Ligue des champions : Paris écarte le Bayern ({q}-1) et rejoint les quarts",
     "PSG-Bayern ({q}-1) : les Parisiens qualifiés au terme d'un match fou",
     "Qualification historique du PSG contre le Bayern Munich"],
    ["Inflation : les prix ont augmenté de 2,{d1} % sur un an en novembre, selon l'Insee",
     "L'inflation remonte à 2,{d1} % en novembre, tirée par l'énergie",
     "Prix à la consommation : +2,{d1} % sur un an, annonce l'Insee",
     "Insee : l'inflation à 2,{d1} % en novembre, l'alimentation ralentit"],
    ["Mistral AI lève {n} millions d'euros et devient la start-up la mieux valorisée d'Europe",
     "Levée de fonds géante pour Mistral AI : {n} millions d'euros",
     "Intelligence artificielle : Mistral AI boucle un tour de table de {n} millions",
     "Mistral AI : ce que va changer la levée de {n} millions d'euros"],
]


def slug(text):
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out, dash = [], False
    for ch in s:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def fill(text, rnd):
    return text.format(t=rnd.choice(TOWNS), n=rnd.choice([3, 5, 12, 40, 75, 150, 325, 800]),
                       k=rnd.choice([12, 35, 140, 600, 1200, 4500]), p=rnd.choice(["1,5", "3", "4,2", "7", "12"]),
                       y=rnd.choice([2027, 2028, 2030]), q=rnd.choice([2, 3, 4]), d1=rnd.randint(0, 9),
                       d=rnd.choice(DAYS))


LEADS = ["{title}, a-t-on appris {d}.", "{title} : l'annonce a été faite {d} en fin de journée.",
         "C'est officiel depuis {d} : {title}.", "{title}. Une décision qui fait déjà réagir.",
         "Selon un communiqué publié {d} : {title}."]


def summary(rnd, title=""):
    """A lead restating the title (what makes two articles about the same thing alike), then one
    ordinary sentence (what every article shares)."""
    lead = rnd.choice(LEADS)
    text = lead.format(title=title, d=rnd.choice(DAYS)) if title else ""
    return (text + " " + fill(rnd.choice(SENTENCES), rnd)).strip()


def headline(theme, rnd):
    """(title, summary) of an ordinary article of that theme."""
    actor = rnd.choice(ACTORS[theme])
    title = "%s%s %s %s%s" % (rnd.choice(OPENERS), actor[0].upper() + actor[1:], rnd.choice(VERBS),
                              rnd.choice(OBJECTS[theme]), rnd.choice(CONTEXTS))
    title = fill(title, rnd)
    bare = next(title[len(o):] for o in sorted(OPENERS, key=len, reverse=True) if title.startswith(o))
    return title, summary(rnd, bare)


def event_variant(event, rnd):
    """(title, summary) of one outlet's take on burst event number `event`; numbers stay the event's."""
    import random
    fixed = random.Random(event)  # the same figures in every outlet's version of the event
    title = fill(rnd.choice(EVENTS[event]), fixed)
    return title, summary(rnd, title)


def outlet(i, rnd):
    town = TOWNS[i % len(TOWNS)]
    themes = list(THEMES)
    if i % 3 == 0:
        theme = rnd.choice(themes)
        name = rnd.choice(THEMES[theme]).format(t=town)
        tags = [theme]
    else:
        theme = themes[i % len(themes)]
        name = MASTHEADS[(i // len(TOWNS)) % len(MASTHEADS)].format(t=town)
        tags = ["regional", theme]
    name = "%s (%d)" % (name, i)  # names are unique in Feeds.toml
    fmt = FORMATS[i % len(FORMATS)]
    return {"index": i, "name": name, "domain": "%s-%d.example.fr" % (slug(name.split(" (")[0]), i), "theme": theme,
            "tags": tags, "format": fmt, "no_guid": fmt == "rss" and i % 20 == 3,
            "validators": ["etag", "last-modified", "none"][i % 3], "author": "Rédaction de %s" % town,
            "description": "L'actualité de %s et de sa région" % town}
