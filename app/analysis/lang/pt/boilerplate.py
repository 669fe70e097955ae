"""Portuguese page furniture: labels of Portuguese-language news sites (Lusa, Agência Brasil, CMS widgets)."""

BYLINE = ("Por",)
CREDIT = ("Foto", "Fotos", "Imagem", "Crédito")
CONTRIBUTOR = ("Com informações de", "Redação", "Com agências")
RELATED = ("Leia também", "Leia mais", "Veja também", "Saiba mais", "Relacionadas")
PROMO = ("Assine", "Inscreva-se", "Baixe", "Siga-nos", "Newsletter")
AD = ("Publicidade", "PUBLICIDADE", "Patrocinado")
SHARE = (
    "Compartilhar",
    "Partilhar",
    "Comentários",
    "Comentar",
    "Imprimir",
    "Facebook",
    "Twitter",
    "WhatsApp",
    "E-mail",
)
EDITOR_NOTE = ("Nota do editor", "Nota da redação", "Nota da redacção")
TIMESTAMP = ("Publicado", "Atualizado", "Actualizado", "Publicado em", "Atualizado em", "em", "às")
