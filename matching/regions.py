"""Which region a startup's city lies in: Ruhrgebiet ⊂ NRW ⊂ Deutschland ⊂ EU.

A small gazetteer, enough for the catalogues at hand: the 53 municipalities of the Regionalverband
Ruhr, the larger towns of North Rhine-Westphalia and Germany, and the main cities of the other EU
countries, with their English and native spellings. A city not listed is of unknown region: the
region filter leaves it out and the region score treats it as not matching.
"""

from __future__ import annotations

import unicodedata

RUHRGEBIET = """Bochum Bottrop Dortmund Duisburg Essen Gelsenkirchen Hagen Hamm Herne | Mülheim an der Ruhr |
Oberhausen Castrop-Rauxel Datteln Dorsten Gladbeck | Haltern am See | Herten Marl Oer-Erkenschwick
Recklinghausen Waltrop Bergkamen Bönen Fröndenberg Holzwickede Kamen Lünen Schwerte Selm Unna Werne
Breckerfeld Ennepetal Gevelsberg Hattingen Herdecke Schwelm Sprockhövel | Wetter (Ruhr) | Witten Alpen
Dinslaken Hamminkeln Hünxe Kamp-Lintfort Moers Neukirchen-Vluyn Rheinberg Schermbeck Sonsbeck Voerde
Wesel Xanten"""

NRW = """Köln Cologne Düsseldorf Aachen Bonn Münster Bielefeld Wuppertal Mönchengladbach Krefeld Leverkusen
Solingen Neuss Paderborn | Bergisch Gladbach | Remscheid Siegen Gütersloh Iserlohn Düren Ratingen Lippstadt
Herford Minden Detmold Arnsberg Lüdenscheid Bergheim Troisdorf Viersen | Sankt Augustin | Menden Velbert
Langenfeld Grevenbroich Dormagen Kerpen Euskirchen Hürth Meerbusch Erftstadt Lemgo | Bad Salzuflen | Rheine
Bocholt Ahlen Gronau Hilden Kleve Frechen Pulheim Wesseling Brühl Jülich Soest Warendorf Coesfeld Borken
Emsdetten Greven Ibbenbüren Höxter Olpe Meschede Brilon Bünde Löhne | Bad Oeynhausen | Porta-Westfalica"""

GERMANY = """Berlin Hamburg München Munich | Frankfurt am Main | Frankfurt Stuttgart Leipzig Dresden Hannover
Hanover Nürnberg Nuremberg Bremen Mannheim Karlsruhe Augsburg Wiesbaden Braunschweig Kiel Chemnitz
| Halle (Saale) | Halle Magdeburg Freiburg | Freiburg im Breisgau | Lübeck Erfurt Rostock Mainz Kassel
Saarbrücken Potsdam Oldenburg Osnabrück Heidelberg Darmstadt Regensburg Würzburg Ingolstadt Ulm Heilbronn
Pforzheim Wolfsburg Göttingen | Offenbach am Main | Offenbach Fürth Reutlingen Bremerhaven Koblenz
Erlangen Trier Jena Salzgitter Cottbus Hildesheim Kaiserslautern Gera Schwerin Esslingen Ludwigshafen
| Ludwigshafen am Rhein | Tübingen Konstanz Marburg Bamberg Fulda Lüneburg Weimar Ilmenau Emden Gießen
Flensburg Bayreuth Passau Landshut Rosenheim Stralsund Greifswald Wismar Dessau Zwickau Plauen Görlitz
Bautzen | Frankfurt (Oder) | Neubrandenburg Hanau Ludwigsburg Sindelfingen Aschaffenburg Schweinfurt
Kempten Neu-Ulm Villingen-Schwenningen Friedrichshafen Celle Wolfenbüttel Delmenhorst Wilhelmshaven Lingen
Cuxhaven Stade Wetzlar | Bad Homburg | Rüsselsheim Worms Speyer Landau | Neustadt an der Weinstraße |
Zweibrücken Pirmasens Homburg Neunkirchen | Sankt Ingbert | Suhl Nordhausen Eisenach Gotha Stendal
Wittenberg Merseburg Naumburg | Brandenburg an der Havel | Eberswalde Oranienburg Freising Erding Dachau
Garching Starnberg Heilbronn Aalen Ravensburg Lörrach Offenburg Baden-Baden Gütersloh Lingen Vechta
Wolfsburg Goslar Clausthal-Zellerfeld Mittweida Freiberg Zittau Wernigerode"""

EU = """Vienna Wien Graz Linz Salzburg Innsbruck Klagenfurt Brussels Bruxelles Brüssel Antwerp Antwerpen
Ghent Gent Leuven Liège Bruges Brugge Namur Amsterdam Rotterdam | The Hague | | Den Haag | Utrecht Eindhoven
Delft Arnhem Nijmegen Maastricht Tilburg Groningen Wageningen Leiden Enschede Breda Haarlem Zwolle
Copenhagen København Aarhus Aalborg Odense Esbjerg Helsinki Espoo Tampere Turku Oulu Stockholm Gothenburg
Göteborg Malmö Uppsala Lund Linköping Paris Lyon Marseille Toulouse Nantes Bordeaux Lille Strasbourg Nice
Montpellier Grenoble Rennes Milan Milano Rome Roma Turin Torino Florence Firenze Bologna Naples Napoli
Verona Parma Genoa Genova Venice Venezia Padua Padova Trento Pisa Madrid Barcelona Valencia Seville Sevilla
Bilbao Malaga Málaga Zaragoza | San Sebastián | Lisbon Lisboa Porto Braga Coimbra Dublin Cork Galway Limerick
Warsaw Warszawa Kraków Krakow Gdańsk Gdansk Wrocław Wroclaw Poznań Poznan Łódź Lodz Prague Praha Brno Ostrava
Bratislava Košice Kosice Budapest Debrecen Ljubljana Maribor Zagreb Split Tallinn Tartu Riga Vilnius Kaunas
Sofia Plovdiv Bucharest București Cluj-Napoca Iași Timișoara Athens Thessaloniki Luxembourg Valletta
Nicosia Limassol"""

REGIONS = ("Ruhrgebiet", "NRW", "Deutschland", "EU")


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _names(block: str) -> set[str]:
    """Names separated by spaces; a name with spaces stands between bars: | Mülheim an der Ruhr |."""
    names: set[str] = set()
    for i, part in enumerate(block.replace("\n", " ").split("|")):
        if i % 2:
            names.add(_fold(part))
        else:
            names.update(_fold(word) for word in part.split())
    names.discard("")
    return names


_LEVEL: dict[str, int] = {}
for _level, _block in enumerate((RUHRGEBIET, NRW, GERMANY, EU)):
    for _name in _names(_block):
        _LEVEL.setdefault(_name, _level)


def innermost_region(city: str | None) -> str | None:
    """The smallest region the city lies in, or None when the gazetteer does not know it."""
    if not city:
        return None
    level = _LEVEL.get(_fold(city))
    return None if level is None else REGIONS[level]


def in_region(city: str | None, region: str) -> bool:
    """Whether the city lies in the region (regions nest: a Ruhr city is in NRW, Germany and the EU)."""
    level = _LEVEL.get(_fold(city or ""))
    return level is not None and region in REGIONS and level <= REGIONS.index(region)
