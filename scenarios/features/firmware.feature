@firmware @wip
Feature: A staged firmware campaign with failures
  Firmware is rolled out in stages: the next stage starts only when the previous one installed,
  a charger that fails to install is retried and reported, and charging continues meanwhile.
  Pending until the reference CSMS runs firmware campaigns (see `ocpp-harness steps`).

  Scenario: Three stages, one charger fails its first installation
    Given a site with a 100 A main fuse on 3 phases
    And 6 OCPP 2.0.1 chargers rated 16 A
    When firmware "2.4.1" is rolled out in stages of 2 chargers
    And the simulation runs for 2h
    Then every charger runs firmware "2.4.1"
    And every frame is valid
