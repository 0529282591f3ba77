"""``python -m pedw`` runs the command line."""

import sys

from pedw.cli import main

sys.exit(main())
