@firmware
Feature: A staged firmware campaign with failures
  Firmware is rolled out in stages: the first stage is the canary, the next stage starts only
  when the previous one finished, a charger that fails is retried once and reported, and the
  campaign carries on while failures stay below half of the chargers.

  Background:
    Given a site with a 100 A main fuse on 3 phases
    And 3 OCPP 1.6 chargers rated 16 A
    And 3 OCPP 2.0.1 chargers rated 16 A
    And the simulation starts at 02:00 site time

  Scenario: Three stages of two chargers, one installation fails
    Given charger "CP3" fails to install firmware
    When firmware "2.4.1" is rolled out in stages of 2 chargers
    And the simulation runs for 3h
    Then the firmware campaign failed at charger "CP3"
    And charger "CP1" runs firmware "2.4.1"
    And charger "CP2" runs firmware "2.4.1"
    And charger "CP4" runs firmware "2.4.1"
    And charger "CP5" runs firmware "2.4.1"
    And charger "CP6" runs firmware "2.4.1"
    And the firmware campaign is "COMPLETED"
    And every frame is valid

  Scenario: A rollout to every charger at once
    When firmware "3.0.0" is rolled out to all chargers
    And the simulation runs for 1h
    Then every charger runs firmware "3.0.0"
    And the firmware campaign is "COMPLETED"
    And every frame is valid
