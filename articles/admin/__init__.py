"""The editors' admin: one module per screen. Importing the package registers every ModelAdmin."""

from .batches import ImportBatchAdmin  # noqa: F401 - registers the import batches
from .machine_drafts import MachineDraftJobAdmin  # noqa: F401 - registers the machine draft jobs
from .releases import ArticleAdmin  # noqa: F401 - registers the article, agency, region and staff admins
from .site_pages import SitePageAdmin  # noqa: F401 - registers the footer's pages
from .terminology import TermAdmin  # noqa: F401 - registers the glossary admin
