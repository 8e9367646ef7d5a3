@dlb @priority
Feature: Nested sub-panels with a VIP line
  A garage sub-panel feeds two chargers and a nested VIP line. The priority strategy gives the
  VIP more of the garage's current, and no panel's breaker is exceeded.

  Scenario: The VIP line charges faster inside a shared garage panel
    Given a site with a 100 A main fuse on 3 phases
    And a home load of 4 kW
    And a sub-panel "garage" of 40 A on the main fuse
    And a sub-panel "vip-line" of 32 A inside "garage"
    And a three-phase charger "VIP1" speaking OCPP 2.0.1 rated 32 A
    And a three-phase charger "CP2" speaking OCPP 1.6 rated 32 A
    And a three-phase charger "CP3" speaking OCPP 1.6 rated 32 A
    And charger "VIP1" is on sub-panel "vip-line"
    And charger "CP2" is on sub-panel "garage"
    And charger "CP3" is on sub-panel "garage"
    And a user "Meera" with a wallet of 2000.00 INR
    And user "Meera" has VIP priority
    And the load balancing strategy is "priority"
    And the simulation starts at 18:00 site time
    When user "Meera" starts charging at charger "VIP1" wanting 40 kWh
    And an EV arrives at charger "CP2" wanting 40 kWh
    And an EV arrives at charger "CP3" wanting 40 kWh
    And the simulation runs for 2h
    Then sub-panel "garage" is never exceeded
    And sub-panel "vip-line" is never exceeded
    And the main fuse is never exceeded
    And charger "VIP1" delivered more energy than charger "CP2"
    And no breaker would trip
    And every frame is valid
