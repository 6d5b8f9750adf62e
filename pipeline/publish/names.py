"""Names shared by the publish step and the Datasette plugin (kept import-light for the plugin)."""

REPORTS = "reports"
REPORT_ID = "report_id"
ARCHIVE_ROUTE = "/-/archive/"
PLUGIN = "xxgk"                                 # our Datasette plugin's name (its settings key)
STATE, META = "_xxgk_publish", "_xxgk_meta"     # bookkeeping tables of the publish step
STATE_TABLES = (STATE, META)
