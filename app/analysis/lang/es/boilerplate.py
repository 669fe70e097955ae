"""Spanish page furniture: labels of Spanish-language news sites and agencies (EFE, CMS widgets)."""

BYLINE = ("Por",)
CREDIT = ("Foto", "Fotos", "Imagen", "Fotografía", "Crédito")
CONTRIBUTOR = ("Con información de", "Redacción", "Con reporte de")
RELATED = ("Lee también", "Lea también", "Te puede interesar", "Leer más", "Ver también", "Relacionado", "Relacionada")
PROMO = ("Suscríbete", "Suscríbase", "Descarga", "Síguenos", "Boletín", "Newsletter", "Regístrate")
AD = ("Publicidad", "PUBLICIDAD", "Patrocinado")
SHARE = ("Compartir", "Comentarios", "Comentar", "Imprimir", "Facebook", "Twitter", "WhatsApp", "Correo")
EDITOR_NOTE = ("Nota del editor", "Nota de la redacción")
TIMESTAMP = ("Publicado", "Actualizado", "Última actualización", "el", "a las")
