"""The 12-step self-assessment: the overview (chart by part, its table, each step's rating,
evidence and actions) and one page per step to see its history and, for editors, rate it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from placematters.analysis.presenters import export_filename, to_csv
from placematters.partnerships.access import partnership_view
from placematters.partnerships.permissions import Permission, role_allows
from placematters.planning import queries as planning_queries
from placematters.planning.content import load_steps
from placematters.selfassessment import actions, chart, presenters, queries
from placematters.selfassessment.forms import StepRatingForm
from placematters.web.views import add_action_errors


@partnership_view()
def selfassessment_overview(request):
    partnership = request.partnership
    counted = queries.part_counts(partnership)
    return render(
        request,
        "selfassessment/overview.html",
        {
            "parts": queries.standings_by_part(partnership),
            "chart": chart.stacked_bars(counted),
            "table": chart.counts_table(counted),
            "can_edit": role_allows(request.membership.role, Permission.EDIT_WORK),
            "steps": load_steps(),
        },
    )


def _csv(table, *parts: str) -> HttpResponse:
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    name = export_filename(*parts, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view()
def selfassessment_download(request):
    return _csv(
        queries.counts_table(request.partnership),
        "self-assessment-by-part",
        request.partnership.slug,
    )


@partnership_view()
def selfassessment_steps_download(request):
    return _csv(
        queries.steps_table(request.partnership), "self-assessment-steps", request.partnership.slug
    )


def _step_or_404(step_number: int):
    step = load_steps().step(step_number)
    if step is None:
        raise Http404("No such step")
    return step


@partnership_view()
def selfassessment_step(request, step_number: int):
    """One step: its current rating, every earlier rating and the actions advancing it."""
    step = _step_or_404(step_number)
    partnership = request.partnership
    return render(
        request,
        "selfassessment/step.html",
        {
            "step": step,
            "standing": queries.standing(partnership, step),
            "history": [
                (rating, presenters.rating_tag(rating.rating))
                for rating in queries.step_history(partnership, step.number)
            ],
            "action_rows": planning_queries.rows(queries.step_actions(partnership, step.number)),
            "can_edit": role_allows(request.membership.role, Permission.EDIT_WORK),
        },
    )


@partnership_view(Permission.EDIT_WORK)
def selfassessment_step_edit(request, step_number: int):
    """Rate a step: a new dated rating with its evidence (earlier ratings stay as history)."""
    step = _step_or_404(step_number)
    partnership = request.partnership
    current = queries.standing(partnership, step).current
    form = StepRatingForm(
        request.POST or None,
        initial={"rating": current.rating, "evidence": current.evidence} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            recorded = actions.step_rating_record(
                by=request.user, partnership=partnership, step=step.number, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            if current is not None and recorded.pk == current.pk:
                messages.info(request, f"Nothing changed: step {step.number} keeps its rating.")
            else:
                label = presenters.rating_tag(recorded.rating)["label"].lower()
                messages.success(
                    request, f"Step {step.number}, {step.title}, is now rated {label}."
                )
            return redirect("selfassessment:selfassessment_overview", partnership.slug)
    return render(
        request,
        "selfassessment/step_form.html",
        {
            "step": step,
            "current": current,
            "form": form,
            "hints": presenters.RATING_HINTS,
        },
    )
