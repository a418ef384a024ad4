import { attributeList, decimalFloat } from '../attribute-list.ts';

export interface ServerControl {
  readonly canBlockReload: boolean;
  readonly partHoldBack: number;
  readonly holdBack: number;
  readonly canSkipUntil: number | null;
}

// §4.4.3.8: "CAN-SKIP-UNTIL ... The Skip Boundary MUST be at least six times the Target Duration."
// "HOLD-BACK ... Its value MUST be at least three times the Target Duration."
// "PART-HOLD-BACK ... Its value MUST be at least twice the Part Target Duration. Its value SHOULD be
// at least three times the Part Target Duration." The caller picks the values; this only prints them.
// §6.2.4: every Media Playlist of a presentation carries this tag "with the same attributes and values".
export function extXServerControl(control: ServerControl): string {
  return `#EXT-X-SERVER-CONTROL:${attributeList([
    ['CAN-BLOCK-RELOAD', control.canBlockReload ? 'YES' : undefined],
    ['PART-HOLD-BACK', decimalFloat(control.partHoldBack)],
    ['HOLD-BACK', decimalFloat(control.holdBack)],
    ['CAN-SKIP-UNTIL', control.canSkipUntil === null ? undefined : decimalFloat(control.canSkipUntil)],
  ])}`;
}
