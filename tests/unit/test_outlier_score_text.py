"""A rate outlier's modified z-score is never printed equal to the threshold it is beyond.

Five wards of phase 2, 1.000 members each, by hand:
  Bồ Đề 940 (94,0%), Cự Khối 950, Đức Giang 950 (95,0%), Gia Thụy 960 (96,0%),
  Giang Biên 898 (89,8%).
  median 95,0%; |deviations| 1,0 0 0 1,0 5,2 points -> MAD 1,0 point;
  Giang Biên's z = 0.6745 × (−5,2) / 1,0 = −3,5074: beyond the threshold 3,5.
One decimal prints it "−3,5" beside "ngưỡng 3,5" (beyond 3,5 yet equal to it); two decimals
print "−3,51" (formatting.format_score).
"""

from __future__ import annotations

from analysis import participation, quality
from tests.unit.test_quality import campaign, records

NAMES = ["Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên"]


def test_outlier_detail_prints_a_score_beyond_the_threshold_with_two_decimals():
    rows = records([(f"{slug}.xlsx", "S", 5, "2", name, "ward", None, None, 1000, count)
                    for slug, name, count in zip("abcde", NAMES, [940, 950, 950, 960, 898],
                                                 strict=True)])
    ward_phase = participation.by_ward_phase(rows, ["1", "2"])

    flags = quality.outlier_flags(ward_phase, rows, campaign(outlier_z=3.5))

    assert [flag["ward"] for flag in flags] == ["Giang Biên"]
    detail = flags[0]["detail"]
    assert "(điểm z hiệu chỉnh −3,51, ngưỡng 3,5)" in detail
    assert "modified z-score −3.51, threshold 3.5" in detail
