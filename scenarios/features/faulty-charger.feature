@faults @frames
Feature: Malformed frames from a faulty charger
  A charger with broken firmware sends frames that break OCPP-J in different ways. The CSMS
  answers each with the CALLERROR its version prescribes and keeps serving the other chargers.

  Background:
    Given a site with a 63 A main fuse on 3 phases
    And a three-phase charger "BAD16" speaking OCPP 1.6 rated 32 A
    And a three-phase charger "BAD201" speaking OCPP 2.0.1 rated 32 A
    And a three-phase charger "GOOD" speaking OCPP 1.6 rated 32 A
    And the simulation starts at 10:00 site time

  Scenario: Each broken frame gets its version's CALLERROR
    When an EV arrives at charger "GOOD" wanting 10 kWh
    And charger "BAD16" sends a malformed frame of kind "missing-field"
    And charger "BAD16" sends a malformed frame of kind "wrong-type"
    And charger "BAD16" sends a malformed frame of kind "bad-format"
    And charger "BAD201" sends a malformed frame of kind "unknown-message-type"
    And charger "BAD201" sends a malformed frame of kind "bad-json"
    And the simulation runs for 3h
    Then charger "BAD16" received a CALLERROR "OccurenceConstraintViolation"
    And charger "BAD16" received a CALLERROR "TypeConstraintViolation"
    And charger "BAD16" received a CALLERROR "FormationViolation"
    And charger "BAD201" received a CALLERROR "MessageTypeNotSupported"
    And charger "BAD201" received a CALLERROR "FormatViolation"
    And at most 5 frames are invalid
    And every frame of charger "GOOD" is valid
    And charger "GOOD" delivered at least 9 kWh
