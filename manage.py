#!/usr/bin/env python
"""Django's command-line utility for Place Matters."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "placematters.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
