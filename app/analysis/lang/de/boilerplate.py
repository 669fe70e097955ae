"""German page furniture: labels of German news sites and agencies (dpa sign-offs, CMS widgets)."""

BYLINE = ("Von",)
CREDIT = ("Foto", "Fotos", "Bild", "Bildquelle", "Quelle", "Foto von")
CONTRIBUTOR = ("Mitarbeit", "Redaktion", "Mit Material von", "mit Material von")
RELATED = (
    "Lesen Sie auch",
    "Mehr zum Thema",
    "Auch interessant",
    "Lesen Sie mehr",
    "Das könnte Sie auch interessieren",
)
PROMO = ("Newsletter abonnieren", "Jetzt abonnieren", "Abonnieren Sie", "Laden Sie", "Folgen Sie uns", "Newsletter")
AD = ("Werbung", "Anzeige", "Gesponsert")
SHARE = (
    "Teilen",
    "Artikel teilen",
    "Drucken",
    "Kommentare",
    "Kommentar",
    "E-Mail",
    "Link kopieren",
    "Facebook",
    "Twitter",
    "WhatsApp",
)
EDITOR_NOTE = ("Anmerkung der Redaktion", "Hinweis der Redaktion")
TIMESTAMP = ("Veröffentlicht", "Aktualisiert", "Stand", "Zuletzt aktualisiert", "am", "um", "Uhr")
