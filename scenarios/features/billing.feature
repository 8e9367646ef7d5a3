@billing
Feature: Billing from the wallet
  A user's wallet pays for the energy of each session at the site's tariff. A session the wallet
  cannot pay waits for a retry until the user tops up, and is never charged twice.

  Background:
    Given a site with a 63 A main fuse on 3 phases
    And 2 OCPP 1.6 chargers rated 32 A
    And the tariff is 12.00 INR per kWh
    And the simulation starts at 09:00 site time

  Scenario: A session is billed from the wallet
    Given a user "Asha" with a wallet of 500.00 INR
    When user "Asha" starts charging at charger "CP1" wanting 10 kWh
    And the simulation runs for 3h
    And user "Asha" stops charging at charger "CP1"
    Then the session at charger "CP1" is billed 120.00 INR
    And the wallet of "Asha" holds 380.00 INR
    And every frame is valid

  Scenario: Insufficient balance is retried after a top-up and charged once
    Given a user "Ravi" with a wallet of 50.00 INR
    When user "Ravi" starts charging at charger "CP2" wanting 10 kWh
    And the simulation runs for 3h
    And user "Ravi" stops charging at charger "CP2"
    Then the session at charger "CP2" awaits payment
    And the wallet of "Ravi" holds 50.00 INR
    When user "Ravi" tops up 100.00 INR
    And the simulation runs for 1h
    Then the session at charger "CP2" is billed 120.00 INR
    And the wallet of "Ravi" holds 30.00 INR
    When the simulation runs for 2h
    Then the wallet of "Ravi" holds 30.00 INR
