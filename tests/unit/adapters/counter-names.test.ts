/**
 * Counter items name their attributes by the cell written short; reading an
 * item back must give exactly the cells written, for every kind of cell,
 * every region and type of council, and names outside the reference data.
 */
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys';
import { cellOf, counterKey, storedName } from '../../../shared/adapters/dynamodb/report-store';
import { REPORT_COUNCIL_TYPES, REPORT_REGIONS } from '../../../shared/domain/report';
import { cell, UNKNOWN } from '../../../shared/domain/report-counters';

const readBack = (name: string) => cellOf(storedName(name), keys.reportCounterOf(counterKey(name, 3))!);

describe('counter attribute names', () => {
  it('read back as the cell written, for every family of cell', () => {
    const cells = [
      cell.people('mentee', 'ACTIVE', 'London', 'London borough'),
      cell.wanted('cyber-security', 'Wales', 'Welsh unitary authority'),
      cell.skillFree('ai-automation', 'North East', 'Metropolitan district'),
      cell.offered('Scotland', 'Scottish unitary authority'),
      cell.free('Scotland', 'Scottish unitary authority'),
      cell.used('South East', 'County'),
      cell.proposing('South East', 'County'),
      cell.utilisation('partly', 'East of England', 'Non-metropolitan district'),
      cell.waiting('2030-01-09', 'Yorkshire and The Humber', 'Unitary authority'),
      cell.match('EXPIRED', '2030-01', UNKNOWN, UNKNOWN),
      cell.accept(37, '2029-12', 'North West', 'Metropolitan district'),
      cell.feedback('mentor', '2030-02', 'Northern Ireland', 'NI district'),
      cell.rating('mentee', '2030-02', 'London', 'City corporation'),
    ];
    for (const c of cells) expect(readBack(c)).toBe(c);
  });

  it('read back for every region and type of council, and for names the reference data does not know', () => {
    for (const region of [...REPORT_REGIONS, 'Atlantis']) {
      for (const type of [...REPORT_COUNCIL_TYPES, 'Parish council']) {
        const c = cell.match('ACCEPTED', '2030-03', region, type);
        expect(readBack(c)).toBe(c);
      }
    }
  });

  it('leave out what the item key says and shorten regions and types, to a third of the length or less', () => {
    const c = cell.match('ACCEPTED', '2030-03', 'Yorkshire and The Humber', 'Non-metropolitan district');
    expect(storedName(c)).toMatch(/^match\|ACCEPTED\|[\w-]{4}\|[\w-]{4}$/);
    expect(storedName(c).length * 3).toBeLessThanOrEqual(c.length);
    expect(storedName(cell.waiting('2030-01-09', 'London', 'London borough'))).toMatch(/^waiting\|09\|/);
  });
});
