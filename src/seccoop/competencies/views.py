from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from seccoop.competencies.models import Framework


@login_required
def framework_list(request):
    frameworks = Framework.objects.visible_to(request.user).active().select_related("scale")
    return render(request, "competencies/framework_list.html", {"frameworks": frameworks})
