import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seccoop.settings")
application = get_wsgi_application()

if settings.SECCOOP_MAPPING_WARM_UP:
    # The suggestion model takes about 15 seconds to load: start as the server does,
    # so the first person on the mapping page does not wait for it.
    from seccoop.competencies.mapping import warm_up_in_background

    warm_up_in_background()
