"""After the questions: the result on one screen, the full report offered in a pager,
and whether to keep the screening. The layout of the result is ``result``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from needlecheck import escaping
from needlecheck.interview.prompter import Option, Prompter

if TYPE_CHECKING:
    from needlecheck.report.build import Report


class Ending:
    def __init__(self, prompter: Prompter, words: Callable[..., str]) -> None:
        self.prompter, self.words = prompter, words

    def show_result(
        self, report: Report, full_report: Callable[[], str] | None, written_to: str | None
    ) -> None:
        """The result on one screen, then the full report in a pager if the person wants
        it (``full_report`` renders it; None when it went to the file ``written_to``)."""
        from needlecheck.interview.result import result_lines

        columns, rows = self.prompter.screen_size()
        if written_to is not None:
            where = self.words("interview.result_where_file", path=escaping.visible(written_to))
        else:
            where = self.words("interview.result_where_pager")
        self.prompter.show("")
        self.prompter.show_lines(result_lines(report, columns, rows, words=self.words, where=where))
        if full_report is not None and self._says_yes("full_report"):
            self.prompter.page(full_report())

    def ask_to_keep(self) -> bool:
        """After the result: keep this screening to follow progress? Nothing is kept unless
        the person says yes; stopping here (Ctrl-C, end of input) means no."""
        return self._says_yes("keep")

    def _says_yes(self, topic: str) -> bool:
        """Asks ``interview.<topic>_question`` with No (the default) and Yes: True for Yes.
        Stopping here (Ctrl-C, end of input) is No."""
        try:
            choice = self.prompter.select(
                f"{topic}_question",
                self.words(f"interview.{topic}_question"),
                [
                    Option("no", self.words(f"interview.{topic}_no")),
                    Option("yes", self.words(f"interview.{topic}_yes")),
                ],
                default="no",
            )
        except (KeyboardInterrupt, EOFError):
            return False
        return choice == "yes"
