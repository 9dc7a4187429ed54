import { ChangeDetectionStrategy, Component, ViewEncapsulation } from '@angular/core';

/**
 * An A4 sheet to print: on screen a paper-like page under a toolbar (projected with the
 * `toolbar` attribute); in print only the sheet, without the app's top bar and menu.
 * Not encapsulated on purpose: `@page` and hiding the shell's chrome are document-wide,
 * and apply only while a sheet is on screen (Angular drops the styles with the component).
 */
@Component({
  selector: 'bx-print-sheet',
  template: `
    <div class="bx-print-toolbar"><ng-content select="[toolbar]" /></div>
    <article class="bx-print-sheet"><ng-content /></article>
  `,
  styles: `
    @page {
      size: A4;
      margin: 20mm;
    }

    bx-print-sheet {
      display: block;
    }

    .bx-print-toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      max-width: 210mm;
      margin: 0 auto 12px;
    }

    .bx-print-sheet {
      box-sizing: border-box;
      width: 210mm;
      max-width: 100%;
      min-height: 297mm;
      margin: 0 auto;
      padding: 20mm;
      background: #fff;
      color: #000;
      box-shadow: 0 1px 6px rgba(0, 0, 0, 0.15);
      font-family: 'FangSong', 'STFangsong', 'SimSun', 'Songti SC', 'Noto Serif CJK SC', serif;
      font-size: 16px;
      line-height: 1.9;
      overflow-wrap: anywhere;
    }

    @media (max-width: 767px) {
      .bx-print-sheet {
        min-height: 0;
        padding: 16px;
        font-size: 15px;
      }
    }

    @media print {
      bx-shell .topbar,
      bx-shell .sider,
      bx-shell .skip,
      .bx-print-toolbar {
        display: none !important;
      }

      html,
      body,
      bx-shell,
      bx-shell .content {
        min-height: 0 !important;
        padding: 0 !important;
        background: #fff !important;
      }

      .bx-print-sheet {
        width: auto;
        min-height: 0;
        margin: 0;
        padding: 0;
        box-shadow: none;
        font-size: 12pt;
      }
    }
  `,
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PrintSheet {}
