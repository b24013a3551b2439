# dbt/dbt/include/meshodbc/__init__.py
#   Where the adapter's macros live (dbt finds them through PACKAGE_PATH).
import os

PACKAGE_PATH = os.path.dirname(__file__)
