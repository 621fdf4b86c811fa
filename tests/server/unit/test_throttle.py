"""The notification throttle: at most one run per interval while pokes keep coming, a run at the end
of the quiet period for a poke inside it, and an immediate run when final."""

from __future__ import annotations

import asyncio

from lantern.server.throttle import Throttle


def test_a_poke_in_the_quiet_period_runs_at_its_end() -> None:
    async def scenario() -> list[str]:
        runs: list[str] = []
        state = {"value": "a"}
        throttle = Throttle(asyncio.get_running_loop(), lambda: runs.append(state["value"]), interval=0.05)
        throttle.poke()  # the first runs at once
        state["value"] = "b"
        throttle.poke()  # inside the quiet period: scheduled
        state["value"] = "c"
        throttle.poke()  # already scheduled: nothing more
        assert runs == ["a"]
        await asyncio.sleep(0.2)
        return runs

    assert asyncio.run(scenario()) == ["a", "c"]  # the scheduled run saw the latest state


def test_final_runs_now_and_cancels_the_scheduled_run() -> None:
    async def scenario() -> list[str]:
        runs: list[str] = []
        state = {"value": "a"}
        throttle = Throttle(asyncio.get_running_loop(), lambda: runs.append(state["value"]), interval=0.2)
        throttle.poke()
        state["value"] = "b"
        throttle.poke()  # scheduled in 0.2 s
        state["value"] = "c"
        throttle.poke(final=True)
        await asyncio.sleep(0.4)
        return runs

    assert asyncio.run(scenario()) == ["a", "c"]
