"""The row rules as a pandera schema (analysis.validate checks rows against it).

A module of its own so that pandera, a fifth of a second to import, is loaded only when some
row may break a rule.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class AttendanceRules(pa.DataFrameModel):
    """What must hold for a row to be counted."""

    expected: Series[pd.Int64Dtype] = pa.Field(nullable=False)
    attended: Series[pd.Int64Dtype] = pa.Field(nullable=False)

    @pa.dataframe_check(name="expected_not_negative")
    def expected_not_negative(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["expected"] >= 0

    @pa.dataframe_check(name="attended_not_negative")
    def attended_not_negative(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["attended"] >= 0

    @pa.dataframe_check(name="absences_not_negative")
    def absences_not_negative(cls, frame: pd.DataFrame) -> pd.Series:
        absences = frame[["absent_excused", "absent_unexcused", "absent_unspecified"]]
        return (absences >= 0).all(axis=1)

    @pa.dataframe_check(name="attended_within_expected")
    def attended_within_expected(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["attended"] <= frame["expected"]

    @pa.dataframe_check(name="counts_add_up")
    def counts_add_up(cls, frame: pd.DataFrame) -> pd.Series:
        parts = frame[["attended", "absent_excused", "absent_unexcused", "absent_unspecified"]]
        return parts.sum(axis=1) == frame["expected"]

    class Config:
        strict = False
