"""The message catalogues (说明文本): ``en.toml`` and ``zh.toml``, every word shown to a person.

Data only: :mod:`keyaccount_rules.core.catalogue` reads them (keyed ``<family>.<message>``,
named ``{placeholders}``); a test keeps the two catalogues' keys and placeholders equal.
"""
