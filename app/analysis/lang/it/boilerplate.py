"""Italian page furniture: labels of Italian news sites and agencies (ANSA, CMS widgets)."""

BYLINE = ("Di",)
CREDIT = ("Foto", "Immagine", "Credit")
CONTRIBUTOR = ("Redazione",)
RELATED = ("Leggi anche", "Potrebbe interessarti", "Leggi di più", "Vedi anche", "Correlati")
PROMO = ("Iscriviti", "Abbonati", "Scarica", "Seguici", "Newsletter")
AD = ("Pubblicità", "PUBBLICITÀ", "Sponsorizzato")
SHARE = ("Condividi", "Commenti", "Commenta", "Stampa", "Facebook", "Twitter", "WhatsApp", "Email")
EDITOR_NOTE = ("Nota della redazione", "Nota del direttore")
TIMESTAMP = ("Pubblicato", "Aggiornato", "Ultimo aggiornamento", "il", "alle")
