"""Who may see and change competency frameworks.

Frameworks are reference data: every signed-in member of staff reads them;
administrators and workforce managers change them.
"""

from seccoop.competencies.models import Competency, Framework, ProficiencyScale
from seccoop.core.permissions import Policy, Role, has_role, is_administrator, register


@register(Framework)
@register(Competency)
@register(ProficiencyScale)
class FrameworkPolicy(Policy):
    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False):
            return False
        if action == "view":
            return True
        return is_administrator(user) or has_role(user, Role.WORKFORCE_MANAGER)
