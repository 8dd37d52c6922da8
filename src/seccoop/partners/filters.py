"""FilterSets shared by the partner pages, the API and the exports."""

import django_filters
from django.db.models import Q

from seccoop.core.filters import FilterSet
from seccoop.partners.models import (
    Counterpart,
    Country,
    CountryGrouping,
    Engagement,
    EngagementType,
    FollowUpAction,
    OrganizationKind,
    PartnerOrganization,
    Region,
)


def _search(queryset, fields, value):
    for term in value.split():
        rule = Q()
        for name in fields:
            rule |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(rule)
    return queryset


class CountryFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or ISO code")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.active(), label="Region", to_field_name="code"
    )
    grouping = django_filters.ModelChoiceFilter(
        field_name="groupings",
        queryset=CountryGrouping.objects.active(),
        label="Grouping",
        to_field_name="code",
    )
    desk = django_filters.BooleanFilter(
        field_name="primary_desk_officer",
        lookup_expr="isnull",
        exclude=True,
        label="Has a desk officer",
    )
    mine = django_filters.BooleanFilter(method="only_mine", label="On my desk only")

    class Meta:
        model = Country
        fields = ["q", "region", "grouping", "desk", "mine"]

    def only_mine(self, queryset, name, value):
        # `in_portfolio` is annotated by selectors.countries, which pages and API both use.
        return queryset.filter(in_portfolio=value) if value is not None else queryset

    def search(self, queryset, name, value):
        return _search(queryset, ("name", "official_name", "iso_code", "iso_alpha3"), value)


class OrganizationFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Name")
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, label="Kind")

    class Meta:
        model = PartnerOrganization
        fields = ["q", "country", "kind"]

    def search(self, queryset, name, value):
        return _search(queryset, ("name",), value)


class CounterpartFilter(FilterSet):
    # The search never looks into contact details: finding a counterpart by an
    # email address would reveal it to someone who may not see it.
    q = django_filters.CharFilter(method="search", label="Name, role or organization")
    country = django_filters.CharFilter(
        field_name="organization__country__iso_code", label="Country (ISO code)"
    )
    organization = django_filters.NumberFilter(field_name="organization_id")

    class Meta:
        model = Counterpart
        fields = ["q", "country", "organization"]

    def search(self, queryset, name, value):
        return _search(queryset, ("first_name", "last_name", "role", "organization__name"), value)


class EngagementFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or place")
    engagement_type = django_filters.ModelChoiceFilter(
        queryset=EngagementType.objects.active(), to_field_name="slug", label="Type"
    )
    country = django_filters.CharFilter(method="in_country", label="Country (ISO code)")
    after = django_filters.DateFilter(field_name="ends_on", lookup_expr="gte", label="From")
    before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte", label="To")
    mine = django_filters.BooleanFilter(
        method="only_mine", label="Mine only (I take part, or it touches my countries)"
    )

    class Meta:
        model = Engagement
        fields = ["q", "engagement_type", "country", "after", "before", "mine"]

    def only_mine(self, queryset, name, value):
        # `in_portfolio` is annotated by selectors.engagements, which pages and API both use.
        return queryset.filter(in_portfolio=value) if value is not None else queryset

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "place"), value)

    def in_country(self, queryset, name, value):
        return queryset.filter(
            pk__in=Engagement.countries.through.objects.filter(
                country__iso_code__iexact=value
            ).values("engagement_id")
        )


class ActionFilter(FilterSet):
    owner = django_filters.NumberFilter(field_name="owner_id", label="Owner (person id)")
    engagement = django_filters.NumberFilter(field_name="engagement_id")
    open = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", label="Open")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lt")

    class Meta:
        model = FollowUpAction
        fields = ["owner", "engagement", "open", "due_before"]
