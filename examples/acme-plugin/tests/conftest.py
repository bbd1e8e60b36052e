import os
import sys

# the plugin's package, importable whether or not it is installed
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
