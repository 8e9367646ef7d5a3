import type {
  ComponentType,
  GetVariableResultType,
  ReportBaseEnumType,
  ReportDataType,
  SetVariableResultType,
  VariableType,
} from '../../../schemas/types/ocpp201.js';
import type { StationContext } from '../station-context.js';
import { deviceModelVariables, type DmVariable } from './device-model-variables.js';

function componentKey(c: ComponentType): string {
  return [c.name, c.instance ?? '', c.evse?.id ?? '', c.evse?.connectorId ?? ''].join('|');
}

function keyOf(component: ComponentType, variable: VariableType): string {
  return `${componentKey(component)}|${variable.name}|${variable.instance ?? ''}`;
}

/**
 * The 2.0.1 device model of the simulated station (variables in device-model-variables.ts).
 * Variables that have a 1.6 counterpart share its value, so SetVariables changes the same
 * behaviour ChangeConfiguration does. Only the Actual attribute exists.
 */
export class DeviceModel {
  readonly #vars = new Map<string, DmVariable>();
  readonly #components = new Set<string>();

  constructor(private readonly ctx: StationContext) {
    for (const d of deviceModelVariables(ctx)) {
      this.#vars.set(keyOf(d.component, d.variable), d);
      this.#components.add(componentKey(d.component));
    }
  }

  /** Number of variables. */
  get size(): number {
    return this.#vars.size;
  }

  #valueOf(d: DmVariable): string {
    return d.value !== undefined ? d.value() : this.ctx.config.get(d.configKey!);
  }

  #lookup(
    component: ComponentType,
    variable: VariableType,
  ): DmVariable | 'UnknownComponent' | 'UnknownVariable' {
    const d = this.#vars.get(keyOf(component, variable));
    if (d !== undefined) return d;
    return this.#components.has(componentKey(component)) ? 'UnknownVariable' : 'UnknownComponent';
  }

  /** GetVariables for one requested variable. */
  get(
    component: ComponentType,
    variable: VariableType,
    attributeType?: GetVariableResultType['attributeType'],
  ): GetVariableResultType {
    const base: GetVariableResultType = { component, variable, attributeStatus: 'Accepted' };
    if (attributeType !== undefined) base.attributeType = attributeType;
    const d = this.#lookup(component, variable);
    if (typeof d === 'string') return { ...base, attributeStatus: d };
    if (attributeType !== undefined && attributeType !== 'Actual') {
      return { ...base, attributeStatus: 'NotSupportedAttributeType' };
    }
    if (d.mutability === 'WriteOnly') return { ...base, attributeStatus: 'Rejected' };
    return { ...base, attributeValue: this.#valueOf(d) };
  }

  /** SetVariables for one requested variable. */
  set(
    component: ComponentType,
    variable: VariableType,
    value: string,
    attributeType?: SetVariableResultType['attributeType'],
  ): SetVariableResultType {
    const base: SetVariableResultType = { component, variable, attributeStatus: 'Accepted' };
    if (attributeType !== undefined) base.attributeType = attributeType;
    const d = this.#lookup(component, variable);
    if (typeof d === 'string') return { ...base, attributeStatus: d };
    if (attributeType !== undefined && attributeType !== 'Actual') {
      return { ...base, attributeStatus: 'NotSupportedAttributeType' };
    }
    const reject = (reason: string): SetVariableResultType => ({
      ...base,
      attributeStatus: 'Rejected',
      attributeStatusInfo: { reasonCode: 'InvalidValue', additionalInfo: reason.slice(0, 512) },
    });
    if (d.mutability === 'ReadOnly') return reject(`${component.name}.${variable.name} is read-only`);
    const problem = d.write !== undefined ? d.write(value) : this.ctx.config.check(d.configKey!, value);
    if (problem !== undefined) return reject(problem);
    if (d.write === undefined) this.ctx.config.change(d.configKey!, value);
    return base;
  }

  /** The report data of a GetBaseReport. */
  report(base: ReportBaseEnumType): ReportDataType[] {
    const all = [...this.#vars.values()];
    const chosen =
      base === 'FullInventory'
        ? all
        : base === 'ConfigurationInventory'
          ? all.filter((d) => d.mutability !== 'ReadOnly')
          : all.filter((d) => d.variable.name === 'AvailabilityState');
    return chosen.map((d) => {
      const attribute: ReportDataType['variableAttribute'][number] = {
        type: 'Actual',
        mutability: d.mutability,
      };
      if (d.mutability !== 'WriteOnly') attribute.value = this.#valueOf(d);
      return {
        component: d.component,
        variable: d.variable,
        variableAttribute: [attribute],
        variableCharacteristics: {
          dataType: d.dataType,
          supportsMonitoring: false,
          ...(d.unit === undefined ? {} : { unit: d.unit }),
          ...(d.valuesList === undefined ? {} : { valuesList: d.valuesList }),
        },
      };
    });
  }
}
