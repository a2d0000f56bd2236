namespace ProzessEngine.Persistence.Migrations.PostgreSql;

/// <summary>
/// Schema objects of the PostgreSQL database that EF Core's model does not describe. The engine owns the whole schema,
/// Quartz's tables included, so that one migration history says what a database contains.
/// </summary>
internal static class PostgresSchemaSql
{
    /// <summary>
    /// Lets a command's write check a condition inside its single batch: a failed check aborts the batch's implicit
    /// transaction with a serialization failure, which the command path treats as a lost race (read again, retry).
    /// </summary>
    public const string CreateCheckFunction = """
        CREATE OR REPLACE FUNCTION engine_check(ok boolean, reason text) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT ok THEN
                RAISE EXCEPTION '%', reason USING ERRCODE = 'serialization_failure';
            END IF;
        END
        $$;
        """;

    public const string DropCheckFunction = "DROP FUNCTION IF EXISTS engine_check(boolean, text);";

    /// <summary>
    /// Every command writes a journal entry and most write the instance's state; a row past about 2 kB (a business
    /// rule task's audit of inputs, matched rules and outputs, a large state) is compressed by PostgreSQL, with pglz
    /// by default. pglz made such an insert about 25 µs dearer than a smaller row, most of what a business rule task
    /// added to a straight-through instance; lz4 costs next to nothing and compresses the journal about as well (800
    /// instead of 650 bytes for 2.6 kB). It applies to values written from now on; a server built without lz4 (or
    /// older than PostgreSQL 14) keeps pglz, which is slower but correct.
    /// </summary>
    public const string UseLz4Compression = """
        DO $$
        BEGIN
            EXECUTE 'ALTER TABLE journal ALTER COLUMN "Events" SET COMPRESSION lz4';
            EXECUTE 'ALTER TABLE process_instances ALTER COLUMN "State" SET COMPRESSION lz4';
        EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
            RAISE NOTICE 'lz4 compression is not available, the journal keeps pglz: %', SQLERRM;
        END
        $$;
        """;

    public const string UsePglzCompression = """
        DO $$
        BEGIN
            EXECUTE 'ALTER TABLE journal ALTER COLUMN "Events" SET COMPRESSION pglz';
            EXECUTE 'ALTER TABLE process_instances ALTER COLUMN "State" SET COMPRESSION pglz';
        EXCEPTION WHEN feature_not_supported OR syntax_error THEN
            NULL;
        END
        $$;
        """;

    /// <summary>
    /// The tables of Quartz.NET 4.7's ADO job store (prefix qrtz_), as its StdAdoDelegate reads and writes them and as
    /// its start-up validation checks them. Column names and types follow what the store binds; the execution and
    /// misfire history tables are left out because those features are off.
    /// </summary>
    public const string CreateQuartzTables = """
        CREATE TABLE qrtz_job_details (
            sched_name        text    NOT NULL,
            job_name          text    NOT NULL,
            job_group         text    NOT NULL,
            description       text,
            job_class_name    text    NOT NULL,
            is_durable        boolean NOT NULL,
            is_nonconcurrent  boolean NOT NULL,
            is_update_data    boolean NOT NULL,
            requests_recovery boolean NOT NULL,
            job_data          bytea,
            PRIMARY KEY (sched_name, job_name, job_group)
        );

        CREATE TABLE qrtz_triggers (
            sched_name              text    NOT NULL,
            trigger_name            text    NOT NULL,
            trigger_group           text    NOT NULL,
            job_name                text    NOT NULL,
            job_group               text    NOT NULL,
            description             text,
            next_fire_time          bigint,
            prev_fire_time          bigint,
            priority                integer,
            trigger_state           text    NOT NULL,
            trigger_type            text    NOT NULL,
            start_time              bigint  NOT NULL,
            end_time                bigint,
            calendar_name           text,
            misfire_instr           smallint,
            misfire_orig_fire_time  bigint,
            execution_group         varchar(200),
            preferred_node          varchar(200),
            preferred_node_auto     boolean NOT NULL DEFAULT false,
            retry_policy            varchar(250),
            retry_attempt           integer,
            continues_trigger_name  text,
            continues_trigger_group text,
            continuation_condition  integer,
            overlap_policy          integer,
            pause_reason            varchar(250),
            paused_by               varchar(200),
            paused_at               bigint,
            misfire_threshold       bigint,
            fixed_delay             boolean,
            job_data                bytea,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group)
        );

        CREATE TABLE qrtz_simple_triggers (
            sched_name      text   NOT NULL,
            trigger_name    text   NOT NULL,
            trigger_group   text   NOT NULL,
            repeat_count    bigint NOT NULL,
            repeat_interval bigint NOT NULL,
            times_triggered bigint NOT NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group)
                REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );

        CREATE TABLE qrtz_cron_triggers (
            sched_name      text NOT NULL,
            trigger_name    text NOT NULL,
            trigger_group   text NOT NULL,
            cron_expression text NOT NULL,
            time_zone_id    text,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group)
                REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );

        CREATE TABLE qrtz_simprop_triggers (
            sched_name    text NOT NULL,
            trigger_name  text NOT NULL,
            trigger_group text NOT NULL,
            str_prop_1    text,
            str_prop_2    text,
            str_prop_3    text,
            int_prop_1    integer,
            int_prop_2    integer,
            long_prop_1   bigint,
            long_prop_2   bigint,
            dec_prop_1    numeric,
            dec_prop_2    numeric,
            bool_prop_1   boolean,
            bool_prop_2   boolean,
            time_zone_id  text,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group)
                REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );

        CREATE TABLE qrtz_blob_triggers (
            sched_name    text NOT NULL,
            trigger_name  text NOT NULL,
            trigger_group text NOT NULL,
            blob_data     bytea,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group)
                REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );

        CREATE TABLE qrtz_calendars (
            sched_name    text  NOT NULL,
            calendar_name text  NOT NULL,
            calendar      bytea NOT NULL,
            PRIMARY KEY (sched_name, calendar_name)
        );

        CREATE TABLE qrtz_paused_trigger_grps (
            sched_name    text NOT NULL,
            trigger_group text NOT NULL,
            pause_reason  varchar(250),
            paused_by     varchar(200),
            paused_at     bigint,
            PRIMARY KEY (sched_name, trigger_group)
        );

        CREATE TABLE qrtz_paused_job_grps (
            sched_name   text NOT NULL,
            job_group    text NOT NULL,
            pause_reason varchar(250),
            paused_by    varchar(200),
            paused_at    bigint,
            PRIMARY KEY (sched_name, job_group)
        );

        CREATE TABLE qrtz_fired_triggers (
            sched_name               text    NOT NULL,
            entry_id                 text    NOT NULL,
            trigger_name             text    NOT NULL,
            trigger_group            text    NOT NULL,
            instance_name            text    NOT NULL,
            fired_time               bigint  NOT NULL,
            sched_time               bigint  NOT NULL,
            priority                 integer NOT NULL,
            state                    text    NOT NULL,
            job_name                 text,
            job_group                text,
            is_nonconcurrent         boolean NOT NULL,
            requests_recovery        boolean,
            execution_group          varchar(200),
            progress                 integer,
            progress_message         varchar(250),
            interrupt_requested_time bigint,
            PRIMARY KEY (sched_name, entry_id)
        );

        CREATE TABLE qrtz_scheduler_state (
            sched_name        text   NOT NULL,
            instance_name     text   NOT NULL,
            last_checkin_time bigint NOT NULL,
            checkin_interval  bigint NOT NULL,
            quartz_version    varchar(20),
            PRIMARY KEY (sched_name, instance_name)
        );

        CREATE TABLE qrtz_locks (
            sched_name text NOT NULL,
            lock_name  text NOT NULL,
            PRIMARY KEY (sched_name, lock_name)
        );

        CREATE TABLE qrtz_job_status (
            sched_name           text    NOT NULL,
            job_group            text    NOT NULL,
            job_name             text    NOT NULL,
            first_fired_time     bigint  NOT NULL,
            last_fired_time      bigint  NOT NULL,
            last_result          integer NOT NULL,
            last_run_time        bigint  NOT NULL,
            last_instance_name   text    NOT NULL,
            last_entry_id        text,
            last_summary         text,
            last_success_time    bigint,
            last_failure_time    bigint,
            last_failure_message text,
            consecutive_failures integer NOT NULL DEFAULT 0,
            run_count            bigint  NOT NULL DEFAULT 0,
            failure_count        bigint  NOT NULL DEFAULT 0,
            PRIMARY KEY (sched_name, job_group, job_name)
        );

        -- The acquisition query of the scheduler loop and the lookups of cluster recovery.
        CREATE INDEX ix_qrtz_triggers_next_fire ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC, misfire_instr);
        CREATE INDEX ix_qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
        CREATE INDEX ix_qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_name);
        CREATE INDEX ix_qrtz_triggers_calendar ON qrtz_triggers (sched_name, calendar_name);
        CREATE INDEX ix_qrtz_job_details_group ON qrtz_job_details (sched_name, job_group, job_name);
        CREATE INDEX ix_qrtz_fired_triggers_instance ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
        CREATE INDEX ix_qrtz_fired_triggers_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
        CREATE INDEX ix_qrtz_fired_triggers_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
        """;

    public const string DropQuartzTables = """
        DROP TABLE IF EXISTS qrtz_job_status, qrtz_locks, qrtz_scheduler_state, qrtz_fired_triggers, qrtz_paused_job_grps,
            qrtz_paused_trigger_grps, qrtz_calendars, qrtz_blob_triggers, qrtz_simprop_triggers, qrtz_cron_triggers,
            qrtz_simple_triggers, qrtz_triggers, qrtz_job_details;
        """;
}
