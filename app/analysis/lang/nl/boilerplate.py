"""Dutch page furniture: labels of Dutch and Flemish news sites (ANP, Belga, CMS widgets)."""

BYLINE = ("Door",)
CREDIT = ("Foto", "Beeld", "Afbeelding")
CONTRIBUTOR = ("Redactie",)
RELATED = ("Lees ook", "Lees meer", "Bekijk ook", "Meer over", "Gerelateerd")
PROMO = ("Abonneer", "Schrijf je in", "Download", "Volg ons", "Nieuwsbrief")
AD = ("Advertentie", "ADVERTENTIE", "Gesponsord")
SHARE = ("Delen", "Deel", "Reacties", "Reageer", "Print", "Facebook", "Twitter", "WhatsApp", "E-mail")
EDITOR_NOTE = ("Noot van de redactie",)
TIMESTAMP = ("Gepubliceerd", "Bijgewerkt", "Laatst bijgewerkt", "op", "om")
