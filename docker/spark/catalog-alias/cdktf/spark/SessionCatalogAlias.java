package cdktf.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.DelegatingCatalogExtension;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableWritePrivilege;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A second name for Spark's session catalog, Unity Catalog style:
 * {@code spark.sql.catalog.main=cdktf.spark.SessionCatalogAlias} makes {@code main.default.t},
 * {@code spark_catalog.default.t} and {@code default.t} one table. Every call goes to the
 * session's V2 session catalog exactly as configured ({@code spark.sql.catalog.spark_catalog},
 * e.g. Delta's DeltaCatalog, else Spark's own), which is found by reflection so that one
 * source compiles and runs against Spark 3.5 to 4.3 (where the active session's class moved
 * to org.apache.spark.sql.classic).
 *
 * <p>{@link #name()} answers {@code spark_catalog}, not the configured name: Spark decides by
 * that name alone (CatalogV2Util.isSessionCatalog) whether a catalog is the session catalog,
 * and only then runs its V1 paths through the Hive metastore. Under its own name the alias is a
 * foreign V2 catalog, and then parquet/CSV/... tables cannot be read after being created through
 * it, CTAS and saveAsTable of such formats fail, and persistent functions cannot be bound. The
 * price: {@code current_catalog()} says {@code spark_catalog} after {@code SET CATALOG main}.
 */
public class SessionCatalogAlias extends DelegatingCatalogExtension implements StagingTableCatalog {
  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    try {
      Object session = Class.forName("org.apache.spark.sql.SparkSession").getMethod("active").invoke(null);
      Object catalogManager = invoke(invoke(session, "sessionState"), "catalogManager");
      setDelegateCatalog((CatalogPlugin) invoke(catalogManager, "v2SessionCatalog"));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Catalog " + name + " (" + getClass().getName()
          + ") cannot find the session catalog of the active SparkSession", e);
    }
  }

  @Override
  public String name() {
    return "spark_catalog"; // CatalogManager.SESSION_CATALOG_NAME: see the class comment
  }

  // Defaults of TableCatalog that DelegatingCatalogExtension does not forward, though the
  // session catalog answers them itself (V2SessionCatalog does).
  @Override
  public boolean useNullableQuerySchema() {
    return tables().useNullableQuerySchema();
  }

  @Override
  public Table loadTable(Identifier ident, Set<TableWritePrivilege> writePrivileges) throws NoSuchTableException {
    return tables().loadTable(ident, writePrivileges);
  }

  // Atomic CREATE [OR REPLACE] TABLE ... AS SELECT and saveAsTable(overwrite) of DSv2 formats,
  // as through the session catalog itself (Delta keeps the table's history on REPLACE). A session
  // catalog without staging (Spark's own) gets what Spark does for any such catalog: drop if
  // replacing, create, then write (UnstagedTable). V1 formats (parquet...) never come here.
  @Override
  public StagedTable stageCreate(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    StagingTableCatalog staging = staging();
    if (staging != null) return staging.stageCreate(ident, schema, partitions, properties);
    return createUnstaged(ident, schema, null, partitions, properties);
  }

  @Override
  public StagedTable stageCreate(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    StagingTableCatalog staging = staging();
    if (staging != null) return staging.stageCreate(ident, columns, partitions, properties);
    return createUnstaged(ident, null, columns, partitions, properties);
  }

  @Override
  public StagedTable stageReplace(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException, NoSuchTableException {
    StagingTableCatalog staging = staging();
    if (staging != null) return staging.stageReplace(ident, schema, partitions, properties);
    if (!dropTable(ident)) throw new NoSuchTableException(ident);
    return createUnstagedOrFail(ident, schema, null, partitions, properties);
  }

  @Override
  public StagedTable stageReplace(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException, NoSuchTableException {
    StagingTableCatalog staging = staging();
    if (staging != null) return staging.stageReplace(ident, columns, partitions, properties);
    if (!dropTable(ident)) throw new NoSuchTableException(ident);
    return createUnstagedOrFail(ident, null, columns, partitions, properties);
  }

  @Override
  public StagedTable stageCreateOrReplace(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException {
    StagingTableCatalog staging = staging();
    if (staging != null) return staging.stageCreateOrReplace(ident, schema, partitions, properties);
    dropTable(ident);
    return createUnstagedOrFail(ident, schema, null, partitions, properties);
  }

  @Override
  public StagedTable stageCreateOrReplace(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException {
    StagingTableCatalog staging = staging();
    if (staging != null) return staging.stageCreateOrReplace(ident, columns, partitions, properties);
    dropTable(ident);
    return createUnstagedOrFail(ident, null, columns, partitions, properties);
  }

  private StagedTable createUnstagedOrFail(Identifier ident, StructType schema, Column[] columns, Transform[] partitions,
      Map<String, String> properties) throws NoSuchNamespaceException {
    try {
      return createUnstaged(ident, schema, columns, partitions, properties);
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException("Table " + ident + " reappeared while being replaced", e);
    }
  }

  private StagedTable createUnstaged(Identifier ident, StructType schema, Column[] columns, Transform[] partitions,
      Map<String, String> properties) throws TableAlreadyExistsException, NoSuchNamespaceException {
    Table table = columns == null ? createTable(ident, schema, partitions, properties)
        : createTable(ident, columns, partitions, properties);
    if (table == null) { // Spark 4's V2SessionCatalog.createTable returns none: load it, as Spark does
      try {
        table = loadTable(ident);
      } catch (NoSuchTableException e) {
        throw new IllegalStateException("Table " + ident + " vanished right after being created", e);
      }
    }
    return new UnstagedTable(this, ident, table);
  }

  private TableCatalog tables() {
    return (TableCatalog) delegate;
  }

  private StagingTableCatalog staging() {
    return delegate instanceof StagingTableCatalog ? (StagingTableCatalog) delegate : null;
  }

  /** target.name(), through a public class or interface declaring it (the runtime class may not be public). */
  private static Object invoke(Object target, String method) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      Method m = publicMethod(c, method);
      if (m != null) {
        try {
          return m.invoke(target);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException) throw (RuntimeException) cause;
          throw e;
        }
      }
    }
    throw new NoSuchMethodException(target.getClass().getName() + "." + method + "()");
  }

  private static Method publicMethod(Class<?> c, String method) {
    if (Modifier.isPublic(c.getModifiers())) {
      try {
        Method m = c.getDeclaredMethod(method);
        if (Modifier.isPublic(m.getModifiers())) return m;
      } catch (NoSuchMethodException e) {
        // declared higher up
      }
    }
    for (Class<?> i : c.getInterfaces()) {
      Method m = publicMethod(i, method);
      if (m != null) return m;
    }
    return null;
  }
}
