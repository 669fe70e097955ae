"""French page furniture: labels of French-language news sites and agencies (AFP, CMS widgets)."""

BYLINE = ("Par",)
CREDIT = ("Photo", "Photos", "Crédit", "Crédit photo", "Crédits", "Image")
CONTRIBUTOR = ("avec AFP", "Avec AFP", "avec agences", "Avec agences", "Rédaction")
RELATED = (
    "Lire aussi",
    "À lire aussi",
    "A lire aussi",
    "Lire la suite",
    "Voir aussi",
    "À voir aussi",
    "Sur le même sujet",
)
PROMO = ("Abonnez-vous", "Inscrivez-vous", "Téléchargez", "Suivez-nous", "Newsletter", "Recevez")
AD = ("Publicité", "PUBLICITÉ", "Sponsorisé")
SHARE = (
    "Partager",
    "Partager cet article",
    "Imprimer",
    "Commentaires",
    "Commenter",
    "Facebook",
    "Twitter",
    "E-mail",
    "WhatsApp",
)
EDITOR_NOTE = ("Note de la rédaction", "NDLR")
TIMESTAMP = ("Publié", "Publié le", "Mis à jour", "Mis à jour le", "Modifié le", "le", "à")
