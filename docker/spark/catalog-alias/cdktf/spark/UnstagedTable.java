package cdktf.spark;

import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * A table already created by a session catalog that cannot stage (Spark's own), dressed as
 * staged: what Spark itself does for such catalogs (create, write, drop on failure).
 */
final class UnstagedTable implements StagedTable, SupportsWrite {
  private final TableCatalog catalog;
  private final Identifier ident;
  private final Table table;

  UnstagedTable(TableCatalog catalog, Identifier ident, Table table) {
    this.catalog = catalog;
    this.ident = ident;
    this.table = table;
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    if (table instanceof SupportsWrite) return ((SupportsWrite) table).newWriteBuilder(info);
    throw new UnsupportedOperationException("Table " + table.name() + " (" + table.getClass().getSimpleName()
        + ") does not support writes");
  }

  @Override
  public void commitStagedChanges() {
  }

  @Override
  public void abortStagedChanges() {
    catalog.dropTable(ident);
  }

  @Override
  public String name() {
    return table.name();
  }

  @Override
  public StructType schema() {
    return table.schema();
  }

  @Override
  public Column[] columns() {
    return table.columns();
  }

  @Override
  public Transform[] partitioning() {
    return table.partitioning();
  }

  @Override
  public Map<String, String> properties() {
    return table.properties();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return table.capabilities();
  }
}
