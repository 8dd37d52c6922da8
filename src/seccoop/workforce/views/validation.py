"""The validation queue: supervisor ratings a validated rating keeps from counting.

A supervisor rating recorded after a validated one does not change the
current level (validated ratings outrank supervisor ones). The validators
(whoever may record validated ratings) confirm it, which records a validated
rating at its level, or return it to the supervisor with a reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from seccoop.competencies.models import Framework
from seccoop.core import permissions
from seccoop.workforce import selectors, services
from seccoop.workforce.forms import RatingReturnForm
from seccoop.workforce.models import Rating
from seccoop.workforce.policies import may_validate

PAGE_SIZE = 50


def _require_validator(user) -> None:
    if not may_validate(user):
        raise PermissionDenied(
            "Only workforce managers and administrators validate ratings, "
            "so the validation queue is theirs."
        )


def _queued_or_404(user, pk) -> Rating:
    return get_object_or_404(services.validation_queue(user), pk=pk)


@login_required
def queue(request):
    _require_validator(request.user)
    page = Paginator(services.validation_queue(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    names = selectors.level_names(Framework.objects.default())
    for rating in page:
        rating.level_name = names.get(rating.level, str(rating.level))
        rating.standing_name = names.get(rating.standing_level, str(rating.standing_level))
    return render(
        request,
        "workforce/validation_queue.html",
        {"page": page, "page_range": list(page_range)},
    )


@login_required
@require_POST
def confirm(request, pk):
    _require_validator(request.user)
    rating = _queued_or_404(request.user, pk)
    permissions.require(request.user, "validate", rating)
    try:
        services.confirm_rating(user=request.user, rating=rating)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Confirmed {rating.person}'s {rating.competency.code} rating at level "
            f"{rating.level}: it is now the validated current level.",
        )
    return redirect("workforce:validation-queue")


@login_required
def return_to_rater(request, pk):
    _require_validator(request.user)
    rating = _queued_or_404(request.user, pk)
    permissions.require(request.user, "validate", rating)
    form = RatingReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_rating(
                user=request.user, rating=rating, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"Returned {rating.person}'s {rating.competency.code} rating to "
                f"{rating.rater.get_full_name() if rating.rater else 'its rater'}; "
                "the validated level stands.",
            )
            return redirect("workforce:validation-queue")
    level_names = selectors.level_names(rating.competency.framework)
    return render(
        request,
        "workforce/validation_return.html",
        {
            "rating": rating,
            "form": form,
            "level_name": level_names.get(rating.level, str(rating.level)),
            "standing_name": level_names.get(rating.standing_level, str(rating.standing_level)),
        },
    )


urlpatterns = [
    path("ratings/validation/", queue, name="validation-queue"),
    path("ratings/<int:pk>/confirm/", confirm, name="rating-confirm"),
    path("ratings/<int:pk>/return/", return_to_rater, name="rating-return"),
]
