"""Directory schema: Open Referral UK 3.0 / HSDS 3.0 tables plus the directory's bookkeeping.

Revision ID: directory_0001
Revises: (first revision of the "directory" branch)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "directory_0001"
down_revision = None
branch_labels = ("directory",)
depends_on = None


def upgrade() -> None:
    op.create_table('directory_import',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('feed_format', sa.String(length=16), nullable=False),
    sa.Column('read', sa.Integer(), nullable=False),
    sa.Column('imported', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_import'))
    )
    op.create_table('directory_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_directory_meta'))
    )
    op.create_table('directory_postcode',
    sa.Column('postcode', sa.String(length=8), nullable=False),
    sa.Column('outward_code', sa.String(length=4), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('postcode', name=op.f('pk_directory_postcode'))
    )
    op.create_index(op.f('ix_directory_postcode_outward_code'), 'directory_postcode', ['outward_code'], unique=False)
    op.create_table('organization',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('alternate_name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('website', sa.Text(), nullable=True),
    sa.Column('tax_status', sa.Text(), nullable=True),
    sa.Column('tax_id', sa.Text(), nullable=True),
    sa.Column('year_incorporated', sa.Integer(), nullable=True),
    sa.Column('legal_status', sa.Text(), nullable=True),
    sa.Column('logo', sa.Text(), nullable=True),
    sa.Column('uri', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization'))
    )
    op.create_table('taxonomy',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('uri', sa.Text(), nullable=True),
    sa.Column('version', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy'))
    )
    op.create_table('location',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('organization_id', sa.String(length=255), nullable=True),
    sa.Column('location_type', sa.String(length=32), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('alternate_name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('transportation', sa.Text(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('external_identifier', sa.Text(), nullable=True),
    sa.Column('external_identifier_type', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_location_organization_id_organization'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location'))
    )
    op.create_index(op.f('ix_location_organization_id'), 'location', ['organization_id'], unique=False)
    op.create_table('service',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('organization_id', sa.String(length=255), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('alternate_name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('interpretation_services', sa.Text(), nullable=True),
    sa.Column('application_process', sa.Text(), nullable=True),
    sa.Column('fees', sa.Text(), nullable=True),
    sa.Column('fees_description', sa.Text(), nullable=True),
    sa.Column('wait_time', sa.Text(), nullable=True),
    sa.Column('accreditations', sa.Text(), nullable=True),
    sa.Column('eligibility_description', sa.Text(), nullable=True),
    sa.Column('minimum_age', sa.Integer(), nullable=True),
    sa.Column('maximum_age', sa.Integer(), nullable=True),
    sa.Column('alert', sa.Text(), nullable=True),
    sa.Column('assured_date', sa.Date(), nullable=True),
    sa.Column('attending_type', sa.Text(), nullable=True),
    sa.Column('deliverable_type', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_service_organization_id_organization'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service'))
    )
    op.create_index(op.f('ix_service_organization_id'), 'service', ['organization_id'], unique=False)
    op.create_table('taxonomy_term',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.String(length=255), nullable=True),
    sa.Column('taxonomy', sa.Text(), nullable=True),
    sa.Column('taxonomy_id', sa.String(length=255), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('term_uri', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['taxonomy_term.id'], name=op.f('fk_taxonomy_term_parent_id_taxonomy_term'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['taxonomy_id'], ['taxonomy.id'], name=op.f('fk_taxonomy_term_taxonomy_id_taxonomy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy_term'))
    )
    op.create_index(op.f('ix_taxonomy_term_parent_id'), 'taxonomy_term', ['parent_id'], unique=False)
    op.create_index(op.f('ix_taxonomy_term_taxonomy_id'), 'taxonomy_term', ['taxonomy_id'], unique=False)
    op.create_table('accessibility',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('location_id', sa.String(length=255), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_accessibility_location_id_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility'))
    )
    op.create_index(op.f('ix_accessibility_location_id'), 'accessibility', ['location_id'], unique=False)
    op.create_table('address',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('location_id', sa.String(length=255), nullable=True),
    sa.Column('attention', sa.Text(), nullable=True),
    sa.Column('address_1', sa.Text(), nullable=True),
    sa.Column('address_2', sa.Text(), nullable=True),
    sa.Column('city', sa.Text(), nullable=True),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('state_province', sa.Text(), nullable=True),
    sa.Column('postal_code', sa.String(length=16), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('address_type', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_address_location_id_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_address'))
    )
    op.create_index(op.f('ix_address_location_id'), 'address', ['location_id'], unique=False)
    op.create_table('attribute',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('link_id', sa.String(length=255), nullable=False),
    sa.Column('link_type', sa.String(length=64), nullable=False),
    sa.Column('link_entity', sa.String(length=64), nullable=True),
    sa.Column('taxonomy_term_id', sa.String(length=255), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('label', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['taxonomy_term_id'], ['taxonomy_term.id'], name=op.f('fk_attribute_taxonomy_term_id_taxonomy_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribute'))
    )
    op.create_index(op.f('ix_attribute_link_id'), 'attribute', ['link_id'], unique=False)
    op.create_index(op.f('ix_attribute_taxonomy_term_id'), 'attribute', ['taxonomy_term_id'], unique=False)
    op.create_table('cost_option',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('service_id', sa.String(length=255), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('option', sa.Text(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('amount_description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_cost_option_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_option'))
    )
    op.create_index(op.f('ix_cost_option_service_id'), 'cost_option', ['service_id'], unique=False)
    op.create_table('service_at_location',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('service_id', sa.String(length=255), nullable=False),
    sa.Column('location_id', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_service_at_location_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_at_location_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_at_location'))
    )
    op.create_index(op.f('ix_service_at_location_location_id'), 'service_at_location', ['location_id'], unique=False)
    op.create_index(op.f('ix_service_at_location_service_id'), 'service_at_location', ['service_id'], unique=False)
    op.create_table('contact',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('organization_id', sa.String(length=255), nullable=True),
    sa.Column('service_id', sa.String(length=255), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=255), nullable=True),
    sa.Column('location_id', sa.String(length=255), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('department', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_contact_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_contact_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['service_at_location.id'], name=op.f('fk_contact_service_at_location_id_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_contact_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    op.create_index(op.f('ix_contact_location_id'), 'contact', ['location_id'], unique=False)
    op.create_index(op.f('ix_contact_organization_id'), 'contact', ['organization_id'], unique=False)
    op.create_index(op.f('ix_contact_service_at_location_id'), 'contact', ['service_at_location_id'], unique=False)
    op.create_index(op.f('ix_contact_service_id'), 'contact', ['service_id'], unique=False)
    op.create_table('schedule',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('service_id', sa.String(length=255), nullable=True),
    sa.Column('location_id', sa.String(length=255), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=255), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('dtstart', sa.Date(), nullable=True),
    sa.Column('timezone', sa.Integer(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('wkst', sa.String(length=2), nullable=True),
    sa.Column('freq', sa.String(length=16), nullable=True),
    sa.Column('interval', sa.Integer(), nullable=True),
    sa.Column('byday', sa.Text(), nullable=True),
    sa.Column('byweekno', sa.Text(), nullable=True),
    sa.Column('bymonthday', sa.Text(), nullable=True),
    sa.Column('byyearday', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('opens_at', sa.Time(), nullable=True),
    sa.Column('closes_at', sa.Time(), nullable=True),
    sa.Column('schedule_link', sa.Text(), nullable=True),
    sa.Column('attending_type', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_schedule_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['service_at_location.id'], name=op.f('fk_schedule_service_at_location_id_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_schedule_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule'))
    )
    op.create_index(op.f('ix_schedule_location_id'), 'schedule', ['location_id'], unique=False)
    op.create_index(op.f('ix_schedule_service_at_location_id'), 'schedule', ['service_at_location_id'], unique=False)
    op.create_index(op.f('ix_schedule_service_id'), 'schedule', ['service_id'], unique=False)
    op.create_table('service_area',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('service_id', sa.String(length=255), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=255), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('extent', sa.Text(), nullable=True),
    sa.Column('extent_type', sa.String(length=32), nullable=True),
    sa.Column('uri', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['service_at_location.id'], name=op.f('fk_service_area_service_at_location_id_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_area_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_area'))
    )
    op.create_index(op.f('ix_service_area_service_at_location_id'), 'service_area', ['service_at_location_id'], unique=False)
    op.create_index(op.f('ix_service_area_service_id'), 'service_area', ['service_id'], unique=False)
    op.create_table('phone',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('location_id', sa.String(length=255), nullable=True),
    sa.Column('service_id', sa.String(length=255), nullable=True),
    sa.Column('organization_id', sa.String(length=255), nullable=True),
    sa.Column('contact_id', sa.String(length=255), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=255), nullable=True),
    sa.Column('number', sa.Text(), nullable=False),
    sa.Column('extension', sa.Text(), nullable=True),
    sa.Column('type', sa.String(length=32), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_phone_contact_id_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_phone_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_phone_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['service_at_location.id'], name=op.f('fk_phone_service_at_location_id_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_phone_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone'))
    )
    op.create_index(op.f('ix_phone_contact_id'), 'phone', ['contact_id'], unique=False)
    op.create_index(op.f('ix_phone_location_id'), 'phone', ['location_id'], unique=False)
    op.create_index(op.f('ix_phone_organization_id'), 'phone', ['organization_id'], unique=False)
    op.create_index(op.f('ix_phone_service_at_location_id'), 'phone', ['service_at_location_id'], unique=False)
    op.create_index(op.f('ix_phone_service_id'), 'phone', ['service_id'], unique=False)
    op.create_table('language',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('service_id', sa.String(length=255), nullable=True),
    sa.Column('location_id', sa.String(length=255), nullable=True),
    sa.Column('phone_id', sa.String(length=255), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_language_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phone_id'], ['phone.id'], name=op.f('fk_language_phone_id_phone'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_language_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_language'))
    )
    op.create_index(op.f('ix_language_location_id'), 'language', ['location_id'], unique=False)
    op.create_index(op.f('ix_language_phone_id'), 'language', ['phone_id'], unique=False)
    op.create_index(op.f('ix_language_service_id'), 'language', ['service_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_language_service_id'), table_name='language')
    op.drop_index(op.f('ix_language_phone_id'), table_name='language')
    op.drop_index(op.f('ix_language_location_id'), table_name='language')
    op.drop_table('language')
    op.drop_index(op.f('ix_phone_service_id'), table_name='phone')
    op.drop_index(op.f('ix_phone_service_at_location_id'), table_name='phone')
    op.drop_index(op.f('ix_phone_organization_id'), table_name='phone')
    op.drop_index(op.f('ix_phone_location_id'), table_name='phone')
    op.drop_index(op.f('ix_phone_contact_id'), table_name='phone')
    op.drop_table('phone')
    op.drop_index(op.f('ix_service_area_service_id'), table_name='service_area')
    op.drop_index(op.f('ix_service_area_service_at_location_id'), table_name='service_area')
    op.drop_table('service_area')
    op.drop_index(op.f('ix_schedule_service_id'), table_name='schedule')
    op.drop_index(op.f('ix_schedule_service_at_location_id'), table_name='schedule')
    op.drop_index(op.f('ix_schedule_location_id'), table_name='schedule')
    op.drop_table('schedule')
    op.drop_index(op.f('ix_contact_service_id'), table_name='contact')
    op.drop_index(op.f('ix_contact_service_at_location_id'), table_name='contact')
    op.drop_index(op.f('ix_contact_organization_id'), table_name='contact')
    op.drop_index(op.f('ix_contact_location_id'), table_name='contact')
    op.drop_table('contact')
    op.drop_index(op.f('ix_service_at_location_service_id'), table_name='service_at_location')
    op.drop_index(op.f('ix_service_at_location_location_id'), table_name='service_at_location')
    op.drop_table('service_at_location')
    op.drop_index(op.f('ix_cost_option_service_id'), table_name='cost_option')
    op.drop_table('cost_option')
    op.drop_index(op.f('ix_attribute_taxonomy_term_id'), table_name='attribute')
    op.drop_index(op.f('ix_attribute_link_id'), table_name='attribute')
    op.drop_table('attribute')
    op.drop_index(op.f('ix_address_location_id'), table_name='address')
    op.drop_table('address')
    op.drop_index(op.f('ix_accessibility_location_id'), table_name='accessibility')
    op.drop_table('accessibility')
    op.drop_index(op.f('ix_taxonomy_term_taxonomy_id'), table_name='taxonomy_term')
    op.drop_index(op.f('ix_taxonomy_term_parent_id'), table_name='taxonomy_term')
    op.drop_table('taxonomy_term')
    op.drop_index(op.f('ix_service_organization_id'), table_name='service')
    op.drop_table('service')
    op.drop_index(op.f('ix_location_organization_id'), table_name='location')
    op.drop_table('location')
    op.drop_table('taxonomy')
    op.drop_table('organization')
    op.drop_index(op.f('ix_directory_postcode_outward_code'), table_name='directory_postcode')
    op.drop_table('directory_postcode')
    op.drop_table('directory_meta')
    op.drop_table('directory_import')
