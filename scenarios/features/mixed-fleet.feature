@fleet @conformance
Feature: A mixed OCPP 1.6 and 2.0.1 fleet
  Chargers of both protocol versions share one site and one CSMS. Every frame in both directions
  passes the official schemas, and the load balancer treats both versions alike.

  Scenario: Two 1.6 and two 2.0.1 chargers through an evening
    Given a site with a 63 A main fuse on 3 phases
    And home load profile "reference"
    And 2 OCPP 1.6 chargers rated 32 A
    And 2 OCPP 2.0.1 chargers rated 16 A
    And the simulation starts at 17:00 site time
    When 4 EVs arrive at 18:00 wanting 18 kWh each
    And the simulation runs until 06:00
    Then every frame is valid
    And the main fuse is never exceeded by more than 5 % for more than 1 min
    And no breaker would trip
    And every EV received at least 95 % of the energy it wanted
