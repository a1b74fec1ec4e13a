// Organisations: one instance hosts several; the instance admin creates them and becomes their first admin.
import type { Types } from 'mongoose';
import type { OrganisationView } from '../../src/lib/shared/schemas.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { defaults } from './members.ts';
import type { Actor } from './policy.ts';
import { organisationView } from './views.ts';
import { toId, type OrganisationDoc } from '../data/models.ts';
import { DEFAULT_RETENTION_MONTHS, type OrganisationSettings } from '../../src/lib/shared/retention.ts';
import { NotFound } from './errors.ts';

export class OrganisationsService {
  constructor(
    private repos: Repositories,
    private clock: Clock
  ) {}

  async list(actor: Actor): Promise<OrganisationView[]> {
    const orgs = actor.isInstanceAdmin
      ? await this.repos.organisations.all()
      : await this.repos.organisations.findByIds(actor.memberships.map((m) => toId(m.organisationId)));
    return orgs.map(organisationView);
  }

  settings(org: OrganisationDoc): OrganisationSettings {
    return { retentionMonths: org.retentionMonths ?? DEFAULT_RETENTION_MONTHS };
  }

  async updateSettings(org: OrganisationDoc, body: OrganisationSettings): Promise<OrganisationSettings> {
    const updated = await this.repos.organisations.setRetentionMonths(org._id, body.retentionMonths);
    if (!updated) throw new NotFound('Not found');
    return this.settings(updated);
  }

  async create(creatorId: Types.ObjectId, name: string, locale = 'fr'): Promise<OrganisationView> {
    const now = this.clock.now();
    const org = await this.repos.organisations.create({ name, createdAt: now });
    await this.repos.memberships.create({
      organisationId: org._id,
      userId: creatorId,
      role: 'admin',
      profile: { ...defaults(), languages: [locale] },
      programmeIds: [],
      status: 'active',
      createdAt: now
    });
    return organisationView(org);
  }
}
