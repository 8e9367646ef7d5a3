@dlb @fairness
Feature: Fair sharing between single-phase chargers on a three-phase site
  Six single-phase chargers, two on each phase, share a 32 A three-phase supply. Each phase is
  shared fairly between its two chargers and every EV gets what it wanted by morning. Jain's
  index is taken over what each session got against what it wanted, so EVs that want different
  currents (a 16 A three-phase car next to a 32 A single-phase one) keep it below 1 even when
  the current is split evenly.

  Scenario: Six EVs in the evening on six single-phase chargers
    Given a site with a 32 A main fuse on 3 phases
    And a home load of 1.5 kW
    And a charger "L1-A" speaking OCPP 1.6 on phase L1
    And a charger "L1-B" speaking OCPP 2.0.1 on phase L1
    And a charger "L2-A" speaking OCPP 1.6 on phase L2
    And a charger "L2-B" speaking OCPP 2.0.1 on phase L2
    And a charger "L3-A" speaking OCPP 1.6 on phase L3
    And a charger "L3-B" speaking OCPP 2.0.1 on phase L3
    And the load balancing strategy is "equal-share"
    And the simulation starts at 17:00 site time
    When 6 EVs arrive at 18:00 wanting 20 kWh each
    And the simulation runs for 14h
    Then the main fuse is never exceeded by more than 5 % for more than 1 min
    And no breaker would trip
    And Jain's fairness index is at least 0.85
    And every EV received at least 95 % of the energy it wanted
    And every frame is valid
