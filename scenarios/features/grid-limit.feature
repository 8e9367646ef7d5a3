@dlb @demand-response
Feature: The utility lowers the grid limit
  During an evening peak the utility asks the site to draw at most 32 A per phase. The load
  balancer lowers the chargers within a minute and the site stays within the new limit.

  Scenario: A limit drop from 63 A to 32 A during charging
    Given a site with a 63 A main fuse on 3 phases
    And a home load of 3 kW
    And 3 OCPP 1.6 chargers rated 32 A
    And the simulation starts at 17:30 site time
    When 3 EVs arrive at 18:00 wanting 30 kWh each
    And the simulation runs for 1h
    And the grid limit drops to 32 A
    And the simulation runs for 2h
    Then the main fuse is never exceeded by more than 10 % for more than 1 min
    And no breaker would trip
    And every frame is valid

  Scenario: A charger that loses its connection keeps charging and replays what it queued
    Given a site with a 63 A main fuse on 3 phases
    And 2 OCPP 2.0.1 chargers rated 32 A
    And the simulation starts at 18:00 site time
    When an EV arrives at charger "CP1" wanting 20 kWh
    And an EV arrives at charger "CP2" wanting 20 kWh
    And the simulation runs for 30 min
    And charger "CP1" loses its connection for 10 min
    And the simulation runs for 8h
    Then charger "CP1" is online
    And every EV received at least 95 % of the energy it wanted
    And the main fuse is never exceeded
    And every frame is valid
