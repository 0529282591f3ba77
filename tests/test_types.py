import pytest

from pedw._types import SectoralMethod, check_option, options_of
from pedw.errors import OptionError


def test_options_of_literal():
    assert options_of(SectoralMethod) == ("classic", "mcmillan_rodrik", "shapley", "gead")


def test_check_option_accepts_and_rejects():
    assert check_option("method", "classic", SectoralMethod) == "classic"
    with pytest.raises(OptionError, match=r"method='mcmillan-rodrik'.*'mcmillan_rodrik'") as info:
        check_option("method", "mcmillan-rodrik", SectoralMethod)
    assert "use 'mcmillan_rodrik'" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(OptionError, match="valid options are 1, 2"):
        check_option("n", 3, [1, 2])
