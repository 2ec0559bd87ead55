"""plan_routes on a small hand-made corridor network: options, constraints, errors, explanations."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest

from corridors.errors import InvalidInput, NoRoute, NotFound
from corridors.routing import RouteOption, RoutePlan, RouteRequest, Weights, plan_routes

from .nets import corridor, link, network, node

DEP = datetime(2026, 12, 1, 8, tzinfo=UTC)


def req(**kw: object) -> RouteRequest:
    kw.setdefault("origin", "X")
    kw.setdefault("destination", "D")
    kw.setdefault("departure", DEP)
    kw.setdefault("samples", 200)
    return RouteRequest(**kw)  # type: ignore[arg-type]


def test_pareto_options_are_labelled_distinct_and_ordered_by_transit_time() -> None:
    plan = plan_routes(corridor(), req())
    assert len(plan.options) >= 2
    labels = ", ".join(o.label for o in plan.options)
    for name in ("fastest", "cheapest", "greenest"):
        assert name in labels
    times = [o.transit_p50_h for o in plan.options]
    assert times == sorted(times)
    assert [o.rank for o in plan.options] == list(range(1, len(plan.options) + 1))
    fastest = next(o for o in plan.options if "fastest" in o.label)
    assert fastest.countries == ["CN", "KZ", "RU", "BY", "PL", "DE"]
    assert fastest.gauge_changes == [
        "Khorgos–Altynkol: transshipment",
        "Brest–Małaszewicze: transshipment",
    ]
    assert fastest.transshipments == 2
    assert "CIM/SMGS common consignment note" in fastest.documents
    assert "customs transit declaration" in fastest.documents  # from the border data


def test_option_totals_are_the_sum_of_their_legs() -> None:
    net = corridor()
    for opt in plan_routes(net, req()).options:
        assert opt.price_usd == pytest.approx(
            sum(leg.price_usd for leg in opt.legs) + opt.destination_handling_usd, abs=0.05
        )
        assert opt.co2e_kg == pytest.approx(sum(leg.co2e_kg for leg in opt.legs), abs=0.5)
        assert opt.distance_km == pytest.approx(sum(leg.distance_km for leg in opt.legs))
        for a, b in zip(opt.legs, opt.legs[1:], strict=False):
            assert a.to_id == b.from_id and a.arrive <= b.depart
        # CO2e = WTW factor x km x gross tonnes (one 40 ft box of 20 t)
        for leg in opt.legs:
            ln = net.links[leg.link_id]
            assert leg.co2e_kg == pytest.approx(ln.wtw_kg_tkm * ln.length_km * 20.0, abs=0.1)


def test_avoiding_russia_gives_the_middle_or_sea_route() -> None:
    plan = plan_routes(corridor(), req(avoid_countries=["ru"]))
    for opt in plan.options:
        assert "RU" not in opt.countries
    middle = plan_routes(corridor(), req(avoid_countries=["RU"], avoid_nodes=["S"]))
    (opt,) = middle.options
    assert opt.countries == ["CN", "KZ", "AZ", "GE", "RO", "DE"]
    ferry = next(leg for leg in opt.legs if leg.mode == "ferry")
    assert ferry.service_id == "ferry1" and ferry.wait_h > 0
    assert "Bill of lading or sea waybill" in opt.documents
    assert "CMR consignment note (e-CMR where accepted)" in opt.documents


def test_weights_pick_the_extremes_of_the_pareto_set() -> None:
    net = corridor()
    pareto = plan_routes(net, req()).options
    fastest = min(pareto, key=lambda o: (o.legs[-1].arrive, o.price_usd))
    cheapest = min(pareto, key=lambda o: o.price_usd)
    t = plan_routes(net, req(weights=Weights(time=1, price=0, co2=0))).options[0]
    p = plan_routes(net, req(weights=Weights(time=0, price=1, co2=0))).options[0]
    assert [leg.link_id for leg in t.legs] == [leg.link_id for leg in fastest.legs]
    assert p.price_usd == cheapest.price_usd
    assert t.label == "best for weights" and t.score is not None


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"avoid_countries": ["RU"], "modes": ["rail"]},
            "every route from X to D crosses RU, or needs sea (allowed: rail)",
        ),
        (
            {"avoid_countries": ["RU", "GE", "NL"]},
            "every route from X to D crosses GE or NL or RU",
        ),
        (
            {"avoid_nodes": ["Q", "S"]},
            "every route from X to D passes through Q (Q) or S (S)",
        ),
        (
            {"max_transshipments": 1, "avoid_countries": ["RU"]},
            "every route from X to D needs more than 1 transshipments (the fewest is 2)",
        ),
    ],
)
def test_no_route_names_the_blocking_constraint(kw: dict[str, object], message: str) -> None:
    with pytest.raises(NoRoute) as exc:
        plan_routes(corridor(), req(**kw))
    assert exc.value.message == message


def test_no_route_for_planned_links_and_reefer() -> None:
    nodes = [node("A", "IR"), node("B", "IR"), node("C", "AZ", reefer=False)]
    links = [
        link("AB", "A", "B", status="planned", opening_year=2028, name="Rasht–Astara"),
        link("BC", "B", "C", reefer_ok=False),
    ]
    net = network(nodes, links)
    with pytest.raises(NoRoute) as exc:
        plan_routes(net, req(origin="A", destination="C"))
    assert exc.value.message == (
        "every route from A to C uses a planned link (include planned links to consider them)"
    )
    plan = plan_routes(net, req(origin="A", destination="C", include_planned=True))
    assert "uses planned link Rasht–Astara, opening 2028" in plan.notes
    with pytest.raises(NoRoute, match="does not take reefer containers"):
        plan_routes(
            net, req(origin="A", destination="C", include_planned=True, cargo={"reefer": True})
        )
    with pytest.raises(NoRoute, match="no route from C to A exists in the network"):
        plan_routes(net, req(origin="C", destination="A"))


def test_mode_restriction_message_names_the_missing_mode() -> None:
    with pytest.raises(NoRoute) as exc:
        plan_routes(corridor(), req(origin="X", destination="H", modes=["rail"]))
    assert exc.value.message == "every route from X to H needs sea (allowed: rail)"


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"avoid_countries": ["RUS"]}, "avoid_countries"),
        ({"avoid_countries": ["CN"]}, "avoid_countries"),
        ({"avoid_nodes": ["X"]}, "avoid_nodes"),
        ({"destination": "X"}, "destination"),
        ({"weights": Weights(time=0, price=0, co2=0)}, "weights"),
        ({"departure": datetime(2026, 12, 1, 8)}, "departure"),
    ],
)
def test_bad_input_names_the_field(kw: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        plan_routes(corridor(), req(**kw))
    assert exc.value.field == field


def test_unknown_place_is_not_found() -> None:
    with pytest.raises(NotFound):
        plan_routes(corridor(), req(origin="Atlantis"))


def test_a_place_off_the_network_gets_a_road_access_leg() -> None:
    net = corridor()
    plan = plan_routes(net, req(origin="34.5,109.2"))
    opt = plan.options[0]
    first = opt.legs[0]
    assert first.mode == "road" and first.link_id == "access" and first.to_id == "X"
    assert first.distance_km > 0 and first.price_usd > 0 and first.co2e_kg > 0
    assert opt.legs[1].from_id == "X"
    direct = plan_routes(net, req()).options[0]
    assert opt.transit_p50_h > direct.transit_p50_h


def test_json_round_trip_and_units_scale() -> None:
    plan = plan_routes(corridor(), req(cargo={"container": "20ft", "units": 3}))
    again = RoutePlan.model_validate(plan.model_dump(mode="json"))
    assert again == plan
    one = plan_routes(corridor(), req(cargo={"container": "20ft", "units": 1}))
    assert plan.options[0].price_usd == pytest.approx(3 * one.options[0].price_usd, rel=1e-6)


def _vec(o: RouteOption) -> tuple[float, float, float]:
    hours = (o.legs[-1].arrive - o.depart).total_seconds() / 3600 + o.destination_handling_h
    return round(hours, 6), o.price_usd, o.co2e_kg


def test_large_pareto_sets_get_an_epsilon_cover(monkeypatch: pytest.MonkeyPatch) -> None:
    from corridors.routing import planner

    net = corridor()
    exact = plan_routes(net, req(max_options=50))
    assert not any("ε-cover" in n or "supported" in n for n in exact.notes)
    monkeypatch.setattr(planner, "LABEL_BUDGET", 1)
    approx = plan_routes(net, req(max_options=50, epsilon=0.2))
    assert any("from an ε-cover (ε = 0.2: " in n for n in approx.notes)
    got = [_vec(o) for o in approx.options]
    for t, p, c in map(_vec, exact.options):  # each exact option is covered
        assert any(
            t2 <= t + 1e-6 and p2 <= 1.2 * p + 0.01 and c2 <= 1.2 * c + 0.01 for t2, p2, c2 in got
        )


def test_past_both_budgets_or_exact_only_fall_back_to_supported_routes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from corridors.routing import planner

    net = corridor()
    exact = plan_routes(net, req(max_options=50))
    monkeypatch.setattr(planner, "LABEL_BUDGET", 1)
    exact_only = plan_routes(net, req(max_options=50, epsilon=0))
    monkeypatch.setattr(planner, "EPSILON_LABEL_BUDGET", 1)
    for approx in (exact_only, plan_routes(net, req(max_options=50))):
        assert any("supported Pareto-optimal" in n for n in approx.notes)
        exact_vecs = {_vec(o) for o in exact.options}
        assert approx.options and {_vec(o) for o in approx.options} <= exact_vecs
        assert any("the exact Pareto set of the routes up to" in n for n in exact_only.notes)
        for i in range(3):  # the extremes are supported points
            assert min(v[i] for v in map(_vec, approx.options)) == min(v[i] for v in exact_vecs)


def test_a_routed_network_can_still_be_pickled() -> None:
    # A sweep pickles the network for its workers; routing first caches its compiled form
    # on the same object.
    net = corridor()
    plan_routes(net, req())
    copy = pickle.loads(pickle.dumps(net))
    assert plan_routes(copy, req()).model_dump() == plan_routes(net, req()).model_dump()


def test_notes_and_errors_come_with_their_structured_messages() -> None:
    """Each English note has its message (same order, same text) for faces that translate."""
    plan = plan_routes(corridor(), req(origin="34.5,109.2", avoid_countries=["XX"]))
    assert plan.notes and plan.notes == [m.text for m in plan.messages]
    assert (
        plan.origin.note_message is not None and plan.origin.note == plan.origin.note_message.text
    )
    with pytest.raises(NoRoute) as exc:
        plan_routes(corridor(), req(origin="X", destination="H", modes=["rail"]))
    assert exc.value.msg is not None and exc.value.msg.text == exc.value.message
    assert exc.value.msg.id == "every route from {a} to {b} {reasons}"
    with pytest.raises(InvalidInput) as bad:
        plan_routes(corridor(), req(avoid_countries=["RUS"]))
    assert bad.value.msg is not None and bad.value.hint_msg is not None
    assert str(bad.value) == f"{bad.value.msg.text} ({bad.value.hint_msg.text})"
