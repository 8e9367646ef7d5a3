@home @dlb
Feature: The reference home through a full day under each home-charging mode
  The reference home has a 60 A three-phase supply, 10 kWp of PV, a house load of 3 to 8 kW and
  two chargers (a three-phase 1.6 one and a single-phase 2.0.1 one). Whatever mode the owner
  picks, the main fuse holds and no breaker would trip.

  Background:
    Given a site from "reference-home.json"

  Scenario: Anti Overload alone charges both EVs overnight within the fuse
    Given mode "Anti Overload" is on
    And the simulation starts at 17:00 site time
    When 2 EVs arrive at 18:00 wanting 25 kWh each
    And the simulation runs for 24h
    Then the main fuse is never exceeded by more than 5 % for more than 1 min
    And no breaker would trip
    And every EV received at least 95 % of the energy it wanted
    And every frame is valid

  Scenario: PV Dynamic Balance charges from the sun and keeps the PV at home
    Given mode "PV Dynamic Balance" is on
    When 2 EVs arrive at 08:00 wanting 15 kWh each
    And the simulation runs for 24h
    Then the main fuse is never exceeded by more than 5 % for more than 1 min
    And no breaker would trip
    And PV self-consumption is at least 60 %
    And every frame is valid

  Scenario: Night Full Speed fills the EVs in the night window
    Given mode "Night Full Speed" is on
    And the simulation starts at 17:00 site time
    When 2 EVs arrive at 21:00 wanting 30 kWh each
    And the simulation runs for 24h
    Then the main fuse is never exceeded by more than 5 % for more than 1 min
    And no breaker would trip
    And every EV received at least 95 % of the energy it wanted
    And every frame is valid

  Scenario: Extreme charges at full speed, still capped by the fuse
    Given mode "Extreme" is on
    And the simulation starts at 17:00 site time
    When 2 EVs arrive at 18:00 wanting 30 kWh each
    And the simulation runs for 24h
    Then the main fuse is never exceeded by more than 5 % for more than 1 min
    And no breaker would trip
    And every EV received at least 95 % of the energy it wanted
    And every frame is valid
