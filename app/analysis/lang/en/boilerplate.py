"""English page furniture: the labels news sites print around a story (general web and wire
conventions: AP and Reuters sign-offs, common CMS widgets), never words from the annotated stories."""

import re

BYLINE = ("By",)
CREDIT = ("Credit", "Photo", "Photograph", "Photos", "Image", "Picture", "Pictured", "Photo by", "Image by", "Video")
CONTRIBUTOR = (
    "contributed to this report",
    "contributed to this story",
    "contributed reporting",
    "Reporting by",
    "Editing by",
    "Writing by",
    "Additional reporting by",
    "Compiled by",
    "Produced by",
)
RELATED = ("Read more", "Related", "Also read", "See also", "Watch", "Read also", "More on this story", "Recommended")
PROMO = (
    "Sign up for",
    "Sign up to",
    "Subscribe to",
    "Subscribe now",
    "Download the",
    "Download our",
    "Get the app",
    "Follow us on",
    "Get our newsletter",
    "Newsletter",
    "Get the latest",
    "Click here to",
)
AD = ("Advertisement", "Advertising", "Sponsored", "Sponsored content", "Ad", "Story continues below advertisement")
SHARE = (
    "Share",
    "Share this",
    "Share this article",
    "Share this story",
    "Tweet",
    "Email",
    "Print",
    "Comments",
    "Comment",
    "Copy link",
    "Facebook",
    "Twitter",
    "X",
    "WhatsApp",
    "LinkedIn",
    "Reddit",
    "Pinterest",
    "Save",
)
EDITOR_NOTE = ("Editor's note", "Editor’s note", "Editors' note", "Note to readers")
TIMESTAMP = (
    "Posted",
    "Updated",
    "Published",
    "Last updated",
    "First published",
    "Created",
    "Story created",
    "Modified",
    "on",
    "at",
    "For immediate release",
)
COMMENT_FORM = re.compile(
    r"(?:(?:leave a (?:reply|comment)|cancel reply|post comment|your email address will not be published\.?"
    r"|required fields are marked\s*\*?|save my name, email,? and website\b.{0,80}|comments? \*"
    r"|(?:name|email|website) \*|you must be logged in to post a comment\.?)\s*)+",
    re.IGNORECASE,
)
CAPTION_VERB = re.compile(
    r"\b(?:speaks|arrives|attends|chairs|looks on|gestures|walks|delivers|holds|waves|meets|stands|sits|poses"
    r"|leaves|talks|greets|shakes|visits|addresses|listens|is seen|are seen|gather|react|reacts|march|take part)\b"
)
