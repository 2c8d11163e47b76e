"""python -m vending_app.cli"""

import sys

from vending_app.cli import main

sys.exit(main())
