"""Writes the proxy's own French error pages (deploy/nginx/errors/), one layout for all.

nginx serves these when the application cannot answer (502, 504), or before the
request reaches it (400, 413, 414, 429, 431...): they may rely on nothing but
themselves, hence the inline style. Edit the texts here, then run
`python deploy/nginx/error_pages.py`; `--check` (run by the tests) fails when a
file differs from what this writes, so the pages never drift apart.
"""

import sys
from html import escape
from pathlib import Path

ERRORS_DIR = Path(__file__).parent / "errors"

# One rule a line, as the pages show it (hence lines longer than the code allows).
# ruff: noqa: E501
STYLE = """\
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2228;background:#fff}
header{background:#0b5563;color:#fff;padding:1rem 1.25rem}
header a{color:#fff;font-weight:700;font-size:1.35rem;text-decoration:none}
header span{font-weight:400}
main{max-width:42rem;margin:2.5rem auto;padding:0 1.25rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
p{margin:0 0 1rem}
a{color:#0b5563}
a:focus-visible{outline:3px solid #b3261e;outline-offset:2px}
.button{display:inline-block;margin-top:.5rem;padding:.6rem 1.1rem;border-radius:.5rem;background:#0b5563;color:#fff;text-decoration:none}
"""

UNAVAILABLE = "Site momentanément indisponible"

# status: (title, heading, paragraphs)
PAGES = {
    400: (
        "Requête incorrecte",
        "Requête incorrecte",
        [
            "Le serveur n'a pas compris la demande envoyée par votre navigateur.",
            "Vérifiez l'adresse, ou revenez à l'accueil et reprenez votre navigation.",
        ],
    ),
    403: (
        "Accès refusé",
        "Accès refusé",
        [
            "Cette adresse n'est pas accessible directement. Si vous suivez un lien du site, "
            "partez de sa page.",
        ],
    ),
    404: (
        "Page introuvable",
        "Page introuvable",
        [
            "Aucun fichier ne se trouve à cette adresse.",
            "Les documents se téléchargent depuis les pages du site, qui vérifient qui peut "
            "les lire.",
        ],
    ),
    413: (
        "Envoi trop volumineux",
        "Envoi trop volumineux",
        [
            "Ce que vous avez envoyé dépasse la taille que le site accepte.",
            "Réduisez la taille du fichier ou du texte, puis réessayez.",
        ],
    ),
    414: (
        "Adresse trop longue",
        "Adresse trop longue",
        [
            "L'adresse demandée est trop longue pour que le site la lise.",
            "Vérifiez le lien que vous avez suivi, ou revenez à l'accueil.",
        ],
    ),
    429: (
        "Trop de demandes",
        "Trop de demandes en peu de temps",
        [
            "Vous avez envoyé ce formulaire plusieurs fois de suite. Par sécurité, le site "
            "attend un peu avant d'accepter le suivant : réessayez dans une minute.",
            "Rien de ce que vous avez déjà envoyé n'est perdu.",
        ],
    ),
    431: (
        "En-têtes trop volumineux",
        "Demande trop volumineuse",
        [
            "Votre navigateur a envoyé avec sa demande des informations trop volumineuses, "
            "le plus souvent des cookies accumulés.",
            "Supprimez les cookies de ce site dans les réglages de votre navigateur, puis "
            "réessayez.",
        ],
    ),
    500: (
        "Erreur du serveur",
        "Une erreur est survenue",
        ["Le serveur n'a pas pu traiter votre demande. Réessayez dans quelques instants."],
    ),
    502: (
        UNAVAILABLE,
        UNAVAILABLE,
        [
            "Le site ne répond pas pour le moment, sans doute le temps d'un redémarrage. "
            "Rien n'est perdu : réessayez dans quelques instants.",
        ],
    ),
    503: (
        UNAVAILABLE,
        UNAVAILABLE,
        [
            "Le site ne peut pas répondre pour le moment. Rien n'est perdu : réessayez dans "
            "quelques minutes.",
        ],
    ),
    504: (
        "Le site met trop de temps à répondre",
        "Le site met trop de temps à répondre",
        [
            "Votre demande n'a pas abouti à temps. Réessayez dans quelques instants ; si cela "
            "se reproduit, écrivez-nous.",
        ],
    ),
}


def render(title, heading, paragraphs):
    text = "".join(f"    <p>{escape(p, quote=False)}</p>\n" for p in paragraphs)
    return f"""<!doctype html>
<!-- Page d'erreur du proxy (deploy/nginx) : servie par nginx, sans ressource externe. -->
<html lang="fr" data-error-source="proxy">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{escape(title, quote=False)} · Smart en France</title>
  <style>
{STYLE}  </style>
</head>
<body>
  <header><a href="/">Smart <span>en France</span></a></header>
  <main id="contenu">
    <h1>{escape(heading, quote=False)}</h1>
{text}    <p><a class="button" href="/">Revenir à l'accueil</a></p>
  </main>
</body>
</html>
"""


def pages_that_differ():
    return [
        status
        for status, texts in PAGES.items()
        if not (ERRORS_DIR / f"{status}.html").is_file()
        or (ERRORS_DIR / f"{status}.html").read_text(encoding="utf-8") != render(*texts)
    ]


def main(argv):
    if "--check" in argv:
        differing = pages_that_differ()
        if differing:
            names = ", ".join(f"{status}.html" for status in differing)
            print(f"Not as error_pages.py writes them: {names}", file=sys.stderr)
            return 1
        return 0
    for status, texts in PAGES.items():
        (ERRORS_DIR / f"{status}.html").write_text(render(*texts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
