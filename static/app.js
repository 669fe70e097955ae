// Parallax: small progressive enhancements. Every page reads fine without this file.
"use strict";
