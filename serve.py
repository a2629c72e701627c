"""Start the app: `python serve.py [streamlit run options]` (what `make run` does).

The same as `streamlit run app.py`, except that Streamlit's old "pages/ folder" mode is switched
off before the first request. Streamlit decides that mode once per server from whether a
`pages/` folder exists, and only `st.navigation` (in app.py) switches it off; so on a fresh
server, a first request that goes straight to a page's address would run that page on its own
with every file in the menu. Every page refuses a role that may not see it, but the menu would
still list pages the role should not know of. Setting the flag here closes that.

It also switches off Streamlit's error details in the browser (`client.showErrorDetails none`),
whatever folder the server starts in: people see a plain message and an error id, never a
traceback with the server's paths.
"""

import sys
import threading
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from planner.views.pages import session

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    # Pages are quick because what they show is worked out ahead: see session.keep_warm.
    stop = threading.Event()
    threading.Thread(target=session.keep_warm, args=(session.db_path(), stop),
                     name="keep-warm", daemon=True).start()
    # Production settings that must not depend on the folder the server starts in (Streamlit reads
    # .streamlit/config.toml from the working directory): never show an error's details in the
    # browser (app.py shows an error id and logs the rest). Options given on the command line win.
    production = ["--client.showErrorDetails", "none", "--client.toolbarMode", "viewer"]
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("app.py")), *production, *sys.argv[1:]]
    sys.exit(cli.main())
