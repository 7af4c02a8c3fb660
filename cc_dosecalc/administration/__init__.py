"""From a calculated dose to what the nurse gives: whole vials (:mod:`.vials`), the IVIG
infusion plan (:mod:`.infusion`, :mod:`.at_risk`), suggested orders from listed strengths
(:mod:`.suggestions`); :mod:`.order` is what the engine calls, once per order. No Qt here."""
