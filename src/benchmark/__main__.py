"""``python -m benchmark`` runs the ``clusterbench`` command line."""

from .cli import main

main()
